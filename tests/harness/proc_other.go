//go:build !linux

package harness

import "os/exec"

func setProcAttrs(cmd *exec.Cmd) {}

func setGroupProcAttrs(cmd *exec.Cmd) {}
