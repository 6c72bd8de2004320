# Interleave's start-up hook for traced Python programs.
#
# "interleave trace" puts this folder first on PYTHONPATH and names a file
# in INTERLEAVE_TRACE_NAMES.  Each thread, when it starts, appends one line
# "PID TID NAME" (its threading name) to that file, so that the trace names
# lanes as the program does.  Nothing else changes: no output, no import
# of anything the program would not import anyway, errors swallowed.  A
# sitecustomize further along the path is still run.
import os
import sys


def _interleave_install():
    path = os.environ.get("INTERLEAVE_TRACE_NAMES")
    if not path:
        return
    import threading

    def report(thread):
        try:
            name = str(thread.name).replace("\n", " ").replace("\r", " ")[:200]
            line = "%d %d %s\n" % (os.getpid(), threading.get_native_id(), name)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
            try:
                os.write(fd, line.encode("utf-8", "replace"))
            finally:
                os.close(fd)
        except Exception:
            pass

    original = threading.Thread._bootstrap_inner

    def _bootstrap_inner(self):
        report(self)
        return original(self)

    threading.Thread._bootstrap_inner = _bootstrap_inner
    report(threading.current_thread())

    # A child that multiprocessing forks reports its main thread anew,
    # under the name multiprocessing gives the process, when it starts.
    def after_fork():
        process = sys.modules.get("multiprocessing.process")
        if process is None:
            return
        cls = process.BaseProcess
        bootstrap = cls._bootstrap
        if getattr(bootstrap, "_interleave", False):
            return

        def _bootstrap(self, *args, **kwargs):
            t = threading.current_thread()
            saved = t.name
            try:
                t.name = self.name
                report(t)
            finally:
                t.name = saved
            return bootstrap(self, *args, **kwargs)

        _bootstrap._interleave = True
        cls._bootstrap = _bootstrap

    os.register_at_fork(after_in_child=after_fork)


def _interleave_chain():
    # Run the sitecustomize this one hides, if any.
    here = os.path.dirname(os.path.abspath(__file__))
    import importlib.machinery
    import importlib.util
    rest = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


try:
    _interleave_install()
except Exception:
    pass
try:
    _interleave_chain()
except Exception:
    pass
