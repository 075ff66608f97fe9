package bindings

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/jsvm"
)

// installSystem defines $os, $filepath and $security.
func (b *Bindings) installSystem(rt *jsvm.Runtime) error {
	vm := rt.VM
	osObj := map[string]any{
		"getenv": os.Getenv, "lookupEnv": os.LookupEnv, "readFile": os.ReadFile,
		"writeFile": func(name string, data []byte, perm os.FileMode) error {
			if perm == 0 {
				perm = 0o644
			}
			return os.WriteFile(name, data, perm)
		},
		"readDir": os.ReadDir, "mkdir": os.Mkdir, "mkdirAll": os.MkdirAll, "remove": os.Remove,
		"removeAll": os.RemoveAll, "rename": os.Rename, "stat": os.Stat, "lstat": os.Lstat,
		"tempDir": os.TempDir, "getwd": os.Getwd, "hostname": os.Hostname, "truncate": os.Truncate,
		"open": os.Open, "create": os.Create, "args": os.Args, "environ": os.Environ,
		"exit": os.Exit,
		// cmd runs with the call's context, so a timed-out handler kills it
		"cmd": func(name string, args ...string) *exec.Cmd {
			ctx := rt.Context()
			if ctx == context.Background() {
				return exec.Command(name, args...)
			}
			return exec.CommandContext(ctx, name, args...)
		},
	}
	if err := vm.Set("$os", osObj); err != nil {
		return err
	}
	fp := map[string]any{
		"base": filepath.Base, "clean": filepath.Clean, "dir": filepath.Dir, "ext": filepath.Ext,
		"join": filepath.Join, "rel": filepath.Rel, "abs": filepath.Abs, "isAbs": filepath.IsAbs,
		"match": filepath.Match, "split": filepath.Split, "splitList": filepath.SplitList,
		"glob": filepath.Glob, "toSlash": filepath.ToSlash, "fromSlash": filepath.FromSlash,
		"volumeName": filepath.VolumeName, "evalSymlinks": filepath.EvalSymlinks, "separator": string(filepath.Separator),
	}
	if err := vm.Set("$filepath", fp); err != nil {
		return err
	}
	sec := map[string]any{
		"randomString": security.RandomString, "randomStringWithAlphabet": security.RandomStringWithAlphabet,
		"pseudorandomString": security.PseudorandomString, "pseudorandomStringWithAlphabet": security.PseudorandomStringWithAlphabet,
		"randomStringByRegex": func(pattern string) (string, error) { return security.RandomStringByRegex(pattern) },
		"md5":                 security.MD5, "sha256": security.SHA256, "sha512": security.SHA512,
		"hs256": security.HS256, "hs512": security.HS512, "equal": security.Equal,
		// createJWT takes the duration in seconds, as in PocketBase
		"createJWT": func(payload map[string]any, secret string, seconds int64) (string, error) {
			return security.NewJWT(jwt.MapClaims(payload), secret, time.Duration(seconds)*time.Second)
		},
		"parseJWT": func(token, secret string) (map[string]any, error) {
			claims, err := security.ParseJWT(token, secret)
			return map[string]any(claims), err
		},
		"parseUnverifiedJWT": func(token string) (map[string]any, error) {
			claims, err := security.ParseUnverifiedJWT(token)
			return map[string]any(claims), err
		},
		"encrypt": func(data, key string) (string, error) { return security.Encrypt([]byte(data), key) },
		"decrypt": func(cipherText, key string) (string, error) {
			raw, err := security.Decrypt(cipherText, key)
			return string(raw), err
		},
		"hashPassword":  security.HashPassword,
		"checkPassword": security.CheckPassword,
	}
	return vm.Set("$security", sec)
}
