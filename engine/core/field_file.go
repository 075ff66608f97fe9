package core

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

func init() {
	FieldFactories[FieldTypeFile] = func() Field { return &FileField{} }
}

// DefaultFileFieldMaxSize applies when FileField.MaxSize is 0 (5MB).
const DefaultFileFieldMaxSize int64 = 5 << 20

// ThumbSizeRegex is the syntax of a thumb size: WxH with an optional crop
// mode t(op), b(ottom) or f(it); a 0 side keeps the aspect ratio.
var ThumbSizeRegex = regexp.MustCompile(`^(\d+)x(\d+)(t|b|f)?$`)

// FileField stores the name (MaxSelect <= 1, a string) or names (a
// []string) of files kept in the record's storage directory.
//
// Set modifiers: "name+" appends, "+name" prepends, "name-" removes. A
// value may hold *filesystem.File uploads next to stored names until the
// record is saved, when they are stored.
type FileField struct {
	FieldBase
	Help string `json:"help"`

	Required bool `json:"required"`
	// MaxSelect > 1 makes the field multi-valued with at most that many files.
	MaxSelect int `json:"maxSelect"`
	// MaxSize bounds each file in bytes (0 = DefaultFileFieldMaxSize).
	MaxSize int64 `json:"maxSize"`
	// MimeTypes, when set, lists the accepted file types.
	MimeTypes []string `json:"mimeTypes"`
	// Thumbs lists the extra thumb sizes served for images ("100x100", "0x50f").
	Thumbs []string `json:"thumbs"`
	// Protected files are served only with a file token.
	Protected bool `json:"protected"`
}

var (
	_ Field        = (*FileField)(nil)
	_ MultiValuer  = (*FileField)(nil)
	_ DriverValuer = (*FileField)(nil)
	_ SetterFinder = (*FileField)(nil)
	_ GetterFinder = (*FileField)(nil)

	_ RecordInterceptor = (*FileField)(nil)
)

func (f *FileField) Type() string { return FieldTypeFile }

// MarshalJSON renders every option plus "type" (lists as [] when unset).
func (f FileField) MarshalJSON() ([]byte, error) {
	type alias FileField
	f.MimeTypes = fieldNonNilStrings(f.MimeTypes)
	f.Thumbs = fieldNonNilStrings(f.Thumbs)
	return MarshalFieldWithType(FieldTypeFile, alias(f))
}

// IsMultiple reports whether the value is a list (MaxSelect > 1).
func (f *FileField) IsMultiple() bool { return f.MaxSelect > 1 }

// ColumnType is a JSON array for multiple files, else TEXT.
func (f *FileField) ColumnType(app *App) string {
	if f.IsMultiple() {
		return fieldColumnType(app, dialect.ColumnJSONArray)
	}
	return fieldColumnType(app, dialect.ColumnText)
}

// MaxFileSize is the per-file size limit in bytes.
func (f *FileField) MaxFileSize() int64 {
	if f.MaxSize <= 0 {
		return DefaultFileFieldMaxSize
	}
	return f.MaxSize
}

// CalculateMaxBodySize is the most the field's uploads may weigh in bytes.
func (f *FileField) CalculateMaxBodySize() int64 {
	return f.MaxFileSize() * int64(max(f.MaxSelect, 1))
}

// ValidateSettings checks the numeric bounds and the thumb sizes.
func (f *FileField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	errs["maxSelect"] = fieldFirstError(fieldMinRule(f.MaxSelect, 0), fieldMaxRule(int64(f.MaxSelect), fieldMaxSafeJSONInt))
	errs["maxSize"] = fieldFirstError(fieldMinRule(f.MaxSize, 0), fieldMaxRule(f.MaxSize, fieldMaxSafeJSONInt))
	thumbs := validation.Errors{}
	for i, thumb := range f.Thumbs {
		switch {
		case thumb == "":
		case thumb == "0x0" || thumb == "0x0t" || thumb == "0x0b" || thumb == "0x0f":
			thumbs[fmt.Sprint(i)] = fieldError("validation_not_in_invalid", "Must not be in list.", nil)
		case !ThumbSizeRegex.MatchString(thumb):
			thumbs[fmt.Sprint(i)] = fieldError("validation_match_invalid", "Must be in a valid format.", nil)
		}
	}
	errs["thumbs"] = thumbs.Filter()
	return errs.Filter()
}
