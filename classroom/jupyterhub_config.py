# JupyterHub for one school server: the S-400 and F-35 lessons for a class of up to ~30.
#
# Two ways to use this file (classroom/README.md walks through both):
#   - The Littlest JupyterHub (TLJH): copy it to /opt/tljh/config/jupyterhub_config.d/s400.py
#     and run `sudo tljh-config reload`. TLJH keeps its own users, spawner and proxy.
#   - A plain JupyterHub: `jupyterhub -f classroom/jupyterhub_config.py`, after
#     `pip install jupyterhub` and `npm install -g configurable-http-proxy`. Add an
#     authenticator for your school (the default, PAM, uses the server's own accounts).
#
# `c` is the configuration object JupyterHub passes to this file.
import os
import pwd

c = get_config()  # noqa: F821 - defined by JupyterHub when it loads this file

# --- Kernels: IPC transport, short runtime directory ------------------------------------------
# Why: each student's server starts its kernels independently. Over TCP a kernel needs five
# ports, and jupyter_client picks them by asking the OS for free ports and then releasing them
# for the kernel to bind a moment later. On one machine shared by 30 to 60 servers, another
# server can take the same port in that moment: the kernel dies with "Address already in use"
# and the student sees a dead kernel. Over IPC the kernel talks through Unix socket files named
# after its own connection file, so two kernels can never collide (0 failures in 60 in a trial;
# benchmarks/RESULTS.md has ours). Unix socket paths are limited to 107 bytes, so the runtime
# directory that holds them must be short: ~/.jr rather than ~/.local/share/jupyter/runtime,
# which overflows with longer user names.
c.Spawner.args = ["--KernelManager.transport=ipc"]

# A kernel holds about 0.1 GiB. Shut down kernels idle for 30 minutes with no browser tab
# open on them, so a class that closed its laptops gives the memory back to the next class.
c.Spawner.args += [
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=300",
    "--MappingKernelManager.cull_connected=False",
]


def short_runtime_dir(spawner) -> str:
    """~/.jr of the student's own account: short, private, and theirs alone."""
    home = getattr(spawner, "home_dir", "")  # SimpleLocalProcessSpawner knows it
    for account in (f"jupyter-{spawner.user.name}", spawner.user.name):  # TLJH, plain hub
        if home:
            break
        try:
            home = pwd.getpwnam(account).pw_dir
        except KeyError:
            continue
    # Empty means "not set": Jupyter then uses its default runtime directory.
    return os.path.join(home, ".jr") if home else ""


c.Spawner.environment = {"JUPYTER_RUNTIME_DIR": short_runtime_dir}

# --- What students see -------------------------------------------------------------------------
c.Spawner.default_url = "/lab"
# A class logs in at once; on a small server the first servers take longer than the default
# 60 s to start while the others queue for the CPU.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120

# --- Memory and CPU per student (benchmarks/RESULTS.md, "A class on one JupyterHub") --------
# A student running a lesson uses about 0.2 GiB (server and kernel). The limits stop one
# runaway kernel from taking the server down; TLJH enforces them (tljh-config set limits.memory
# 1G does the same), a plain JupyterHub with LocalProcessSpawner ignores them.
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1.0

# --- Idle servers --------------------------------------------------------------------------------
# TLJH culls servers idle for an hour already (tljh-config set services.cull.timeout). On a
# plain hub, `pip install jupyterhub-idle-culler` and uncomment this to free memory after class:
# culler = ["python3", "-m", "jupyterhub_idle_culler", "--timeout=3600"]
# c.JupyterHub.services = [{"name": "idle-culler", "command": culler}]
# c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
#                             "scopes": ["list:users", "read:users:activity",
#                                        "read:servers", "delete:servers"]}]
