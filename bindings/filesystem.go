package bindings

import (
	"context"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/filesystem"
	"github.com/hookbase/hookbase/jsvm"
)

// fileFromURLTimeout is $filesystem.fileFromURL's default timeout (seconds).
const fileFromURLTimeout = 120

// installFilesystem defines $filesystem: File constructors for record
// file fields (fileFromPath/Bytes/Multipart/URL) and storage constructors
// (s3, local), with PocketBase's signatures.
func (b *Bindings) installFilesystem(rt *jsvm.Runtime) error {
	return rt.VM.Set("$filesystem", map[string]any{
		"fileFromPath":      filesystem.NewFileFromPath,
		"fileFromBytes":     filesystem.NewFileFromBytes,
		"fileFromMultipart": filesystem.NewFileFromMultipart,
		"fileFromURL": func(url string, secTimeout int) (*filesystem.File, error) {
			if secTimeout <= 0 {
				secTimeout = fileFromURLTimeout
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(secTimeout)*time.Second)
			defer cancel()
			return filesystem.NewFileFromURL(ctx, url)
		},
		"s3": func(bucket, region, endpoint, accessKey, secret string, forcePathStyle bool) (*filesystem.System, error) {
			s3, err := filesystem.NewS3(filesystem.S3Config{Bucket: bucket, Region: region, Endpoint: endpoint,
				AccessKey: accessKey, Secret: secret, ForcePathStyle: forcePathStyle})
			if err != nil {
				return nil, err
			}
			return filesystem.New(s3), nil
		},
		"local": func(dir string) (*filesystem.System, error) {
			local, err := filesystem.NewLocal(dir)
			if err != nil {
				return nil, err
			}
			return filesystem.New(local), nil
		},
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
		"sendRecordOTP": func(app *core.App, record *core.Record, otpId, password string) error {
			return app.SendRecordOTP(record, otpId, password)
		},
		"sendRecordAuthAlert": func(app *core.App, record *core.Record, info string) error {
			return app.SendRecordAuthAlert(record, info)
		},
	})
}
