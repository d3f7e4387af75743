"""What a class sees of a reveal.js deck on a 1280x720 projector: checks for any deck.

``deck_problems(page)`` visits every slide of the deck open in ``page`` with all its
fragments shown and returns one line per problem, e.g. ``"h3v0 overflow: ..."``:

* overflow: something reaches past the slide's edges, or is cut off inside a box that
  clips or scrolls (a slide must fit, not scroll: Space goes to the next slide);
* word break: a word in a table cell is split across two lines ("Washingto/n");
* small text: visible text under 16 px as displayed (computed size times the deck's scale);
* small chart text: a chart's smallest text under 14 px as displayed, from the font size
  and dpi the chart carries (``data-min-font-pt``, ``data-dpi``) and the image's displayed
  width against its natural width; a picture that carries no font size fails too;
* bare output: a slide whose only content is output, with no sentence to give it meaning,
  or a raw value printed alone ("(13, 13)", "True", a dict, "Name: count, dtype: int64"):
  a plain-text output with no run of three words;
* raw table: a table showing codes where a reader expects words (``head_of_state``,
  ``<NA>``, ``NaN``) or pandas' index column;
* open table: a grid of boxed cells whose last row has no line at its foot, which reads
  as a table cut off (reveal.js's theme drops the last row's bottom border).

The page must be open at PROJECTOR size with reveal.js started.
"""

from __future__ import annotations

from typing import Any

PROJECTOR = {"width": 1280, "height": 720}
MIN_TEXT_PX = 16
MIN_CHART_TEXT_PX = 14
CHECKS = (
    "overflow",
    "word break",
    "small text",
    "small chart text",
    "bare output",
    "raw table",
    "open table",
)

_SLIDE_PROBLEMS = r"""({minText, minChart}) => {
  const problems = [];
  const container = document.querySelector('.reveal .slides');
  // Fragments shown at once: a fading one would still count as invisible.
  const still = document.createElement('style');
  still.textContent = '.reveal .slides .fragment { transition: none !important; }';
  document.head.appendChild(still);
  const config = Reveal.getConfig();
  const visible = (el) => {
    for (let e = el; e && e !== container; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden' || +style.opacity === 0) {
        return false;
      }
      if (e.matches('aside.notes')) return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const describe = (el) => {
    const text = (el.innerText || el.alt || el.tagName).replace(/\s+/g, ' ').trim();
    return `${el.tagName.toLowerCase()} "${text.slice(0, 50)}"`;
  };
  for (const slide of Reveal.getSlides()) {
    const {h, v} = Reveal.getIndices(slide);
    const fragments = slide.querySelectorAll('.fragment').length;
    Reveal.slide(h, v, fragments - 1);
    slide.querySelectorAll('.fragment').forEach((f) => f.classList.add('visible'));
    const where = `h${h}v${v}`;
    const box = container.getBoundingClientRect();
    const scale = box.width / config.width;
    const elements = [...slide.querySelectorAll('*')].filter(visible);
    // overflow: past the slide, or hidden inside a clipping or scrolling box
    const outside = elements.find((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > box.bottom + 1 || r.right > box.right + 1 ||
             r.top < box.top - 1 || r.left < box.left - 1;
    });
    if (outside || slide.scrollHeight > config.height + 1) {
      const r = (outside || slide).getBoundingClientRect();
      problems.push(`${where} overflow: ${outside ? describe(outside) : 'the slide'} ` +
        `reaches ${Math.round((r.bottom - box.top) / scale)} px down, ` +
        `${Math.round((r.right - box.left) / scale)} px across, on a ` +
        `${config.width}x${config.height} slide`);
    } else {
      const clipped = [slide, ...elements].find((el) => {
        const style = getComputedStyle(el);
        const clips = (o) => o !== 'visible';
        // A few px of slack: a descender or a margin poking out cuts off nothing.
        return (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 4) ||
               (clips(style.overflowX) && el.scrollWidth > el.clientWidth + 4);
      });
      if (clipped) {
        problems.push(`${where} overflow: ${describe(clipped)} is cut off or scrolls ` +
          `(${clipped.scrollWidth}x${clipped.scrollHeight} in ` +
          `${clipped.clientWidth}x${clipped.clientHeight})`);
      }
    }
    // word break: a word of a table cell on more than one line
    const broken = [];
    for (const cell of slide.querySelectorAll('td, th')) {
      if (!visible(cell)) continue;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()]
            .filter((r) => r.width > 0).map((r) => Math.round(r.top / 3)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
    }
    if (broken.length) {
      problems.push(`${where} word break: ${broken.length} word(s) split across lines in ` +
        `table cells, e.g. ${broken.slice(0, 3).map((w) => JSON.stringify(w)).join(', ')}`);
    }
    // small text: every visible text node's font, as displayed
    let smallest = null;
    for (const el of elements) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
      if (!own) continue;
      const px = parseFloat(getComputedStyle(el).fontSize) * scale;
      if (px < minText - 0.05 && (!smallest || px < smallest.px)) smallest = {px, el};
    }
    if (smallest) {
      problems.push(`${where} small text: ${smallest.px.toFixed(1)} px, ` +
        `${describe(smallest.el)}`);
    }
    // small chart text: from the chart's own font size, dpi and displayed scale
    for (const img of slide.querySelectorAll('img')) {
      if (!visible(img)) continue;
      const pt = parseFloat(img.dataset.minFontPt);
      const dpi = parseFloat(img.dataset.dpi);
      if (!(pt > 0 && dpi > 0)) {
        problems.push(`${where} small chart text: picture "${(img.alt || '').slice(0, 40)}" ` +
          'does not say its font size (data-min-font-pt, data-dpi)');
        continue;
      }
      const shown = img.getBoundingClientRect().width / scale;
      const px = pt / 72 * dpi * shown / img.naturalWidth;
      if (px < minChart - 0.05) {
        problems.push(`${where} small chart text: ${px.toFixed(1)} px (${pt} pt at ` +
          `${dpi} dpi, ${img.naturalWidth} px wide shown at ${Math.round(shown)} px), ` +
          `"${(img.alt || '').slice(0, 40)}"`);
      }
    }
    // bare output: an output with no sentence beside it (markdown, caption, or a paragraph)
    const outputs = [...slide.querySelectorAll('.jp-OutputArea-output')].filter(visible);
    const sentence = [...slide.querySelectorAll(
      '.jp-RenderedMarkdown, .jp-OutputArea-output :is(p, caption, h1, h2, h3, h4, li)')]
      .filter(visible)
      .some((el) => (el.innerText.match(/[A-Za-z\u00C0-\u024F]{2,}/g) || []).length >= 3);
    if (outputs.length && !sentence) {
      problems.push(`${where} bare output: ${describe(outputs[0])} with no sentence`);
    }
    const word = '[A-Za-z\u00C0-\u024F]{2,}[,;:]?';
    const threeWords = new RegExp(`${word} ${word} ${word}`);
    const raw = outputs.flatMap((out) => [...out.querySelectorAll('pre')])
      .map((pre) => pre.innerText.trim())
      .filter((text) => text && (/dtype:/.test(text) || !threeWords.test(text)));
    if (raw.length) {
      problems.push(`${where} bare output: a raw value printed alone, ` +
        `${JSON.stringify(raw[0].replace(/\s+/g, ' ').slice(0, 50))}`);
    }
    // raw table: codes, missing-value markers or an index column where words are expected
    const codes = [];
    for (const table of slide.querySelectorAll('table')) {
      if (!visible(table)) continue;
      if (table.querySelector('tbody th')) codes.push('an index column');
      for (const cell of table.querySelectorAll('td, th')) {
        const text = cell.innerText.trim();
        if (/^(<NA>|NaN|NaT|None|nan)$/.test(text) || /\b[a-z0-9]+(_[a-z0-9]+)+\b/.test(text)) {
          codes.push(JSON.stringify(text.slice(0, 30)));
        }
      }
    }
    if (codes.length) {
      problems.push(`${where} raw table: ${codes.length} cell(s) with codes or an index, ` +
        `e.g. ${[...new Set(codes)].slice(0, 3).join(', ')}`);
    }
    // open table: boxed cells (lines at their sides) but none under the last row
    const px = (cell, side) => parseFloat(getComputedStyle(cell)[`border${side}Width`]) || 0;
    for (const table of slide.querySelectorAll('table')) {
      const rows = [...table.querySelectorAll('tbody tr')];
      if (!visible(table) || !rows.length) continue;
      const cells = [...rows[rows.length - 1].cells];
      const boxed = cells.some((c) => px(c, 'Left') > 0 || px(c, 'Right') > 0);
      if (boxed && cells.every((c) => px(c, 'Bottom') === 0)) {
        problems.push(`${where} open table: the last row of ${describe(table)} has no line ` +
          'at its foot');
      }
    }
  }
  still.remove();
  Reveal.slide(0, 0);
  return problems;
}"""


def deck_problems(page: Any) -> list[str]:
    """Every problem a class would see on the deck open in ``page`` (see the module doc)."""
    return page.evaluate(_SLIDE_PROBLEMS, {"minText": MIN_TEXT_PX, "minChart": MIN_CHART_TEXT_PX})


def by_check(problems: list[str]) -> dict[str, list[str]]:
    """The problems grouped by check name (CHECKS), each as 'hXvY: detail'."""
    grouped: dict[str, list[str]] = {check: [] for check in CHECKS}
    for line in problems:
        where, rest = line.split(" ", 1)
        check, detail = rest.split(": ", 1)
        grouped[check].append(f"{where}: {detail}")
    return grouped
