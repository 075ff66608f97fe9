package bindings

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/jsvm"
)

// File is a file ready to be stored in a file field ($filesystem.fileFrom…).
type File struct {
	Name         string
	OriginalName string
	Size         int64
	Reader       io.Reader
}

func newFile(name string, content []byte) *File {
	ext := filepath.Ext(name)
	base := name[:len(name)-len(ext)]
	return &File{
		Name:         base + "_" + security.PseudorandomString(10) + ext,
		OriginalName: name,
		Size:         int64(len(content)),
		Reader:       bytes.NewReader(content),
	}
}

// installFilesystem defines $filesystem.fileFromPath/fileFromBytes.
func (b *Bindings) installFilesystem(rt *jsvm.Runtime) error {
	return rt.VM.Set("$filesystem", map[string]any{
		"fileFromPath": func(path string) (*File, error) {
			raw, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			return newFile(filepath.Base(path), raw), nil
		},
		"fileFromBytes": func(content []byte, name string) *File { return newFile(name, content) },
	})
}

// installMails defines $mails, the auth email senders (PocketBase's
// signature: the app first).
func (b *Bindings) installMails(rt *jsvm.Runtime) error {
	return rt.VM.Set("$mails", map[string]any{
		"sendRecordVerification": func(app *core.App, record *core.Record) error {
			return app.SendRecordVerification(record)
		},
		"sendRecordPasswordReset": func(app *core.App, record *core.Record) error {
			return app.SendRecordPasswordReset(record)
		},
		"sendRecordChangeEmail": func(app *core.App, record *core.Record, newEmail string) error {
			return app.SendRecordChangeEmail(record, newEmail)
		},
	})
}
