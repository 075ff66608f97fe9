package harness

import (
	"os/exec"
	"syscall"
)

// setProcAttrs makes the kernel kill a server whose test process died
// without running its cleanups (a panic, a -timeout abort, ^C).
func setProcAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// setGroupProcAttrs runs cmd in its own process group so that cancelling it
// also stops the children it spawned (node --test runs one per file).
func setGroupProcAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
