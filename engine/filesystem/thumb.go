package filesystem

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"regexp"
	"strconv"

	"github.com/disintegration/imaging"
	_ "golang.org/x/image/webp" // decode webp originals (thumbs are PNG)
)

// ThumbSizeRegex is the syntax of a thumb size: WxH with an optional mode
// t(op crop), b(ottom crop) or f(it); the default mode crops the center.
var ThumbSizeRegex = regexp.MustCompile(`^(\d+)x(\d+)(t|b|f)?$`)

// ThumbSize is a parsed thumb size.
type ThumbSize struct {
	Width, Height int
	Mode          string // "", "t", "b" or "f"
}

// maxThumbSide bounds a thumb side so a size listed by mistake cannot ask
// for a huge image.
const maxThumbSide = 10000

// ParseThumbSize parses "WxH", "WxHt", "WxHb", "WxHf", "0xH" or "Wx0".
func ParseThumbSize(size string) (ThumbSize, error) {
	m := ThumbSizeRegex.FindStringSubmatch(size)
	if m == nil {
		return ThumbSize{}, errors.New("thumb size must be in WxH, WxHt, WxHb or WxHf format")
	}
	w, err1 := strconv.Atoi(m[1])
	h, err2 := strconv.Atoi(m[2])
	if err1 != nil || err2 != nil || w > maxThumbSide || h > maxThumbSide {
		return ThumbSize{}, fmt.Errorf("thumb size %q is too large", size)
	}
	if w == 0 && h == 0 {
		return ThumbSize{}, errors.New("thumb width and height cannot both be zero")
	}
	return ThumbSize{Width: w, Height: h, Mode: m[3]}, nil
}

// MaxThumbSourcePixels bounds the decoded size of an original (a small
// file can declare a gigantic canvas).
const MaxThumbSourcePixels = 100_000_000

// CreateThumb renders the image at originalKey into thumbKey: EXIF
// orientation applied, a zero side keeping the aspect ratio, "f" fitting
// inside the box and the other modes cropping to fill it. JPEG, GIF, TIFF
// and BMP keep their format; anything else becomes PNG.
func (s *System) CreateThumb(originalKey, thumbKey, size string) (err error) {
	ctx := s.Context()
	ts, err := ParseThumbSize(size)
	if err != nil {
		return err
	}
	defer func() {
		// image decoders have panicked on hostile input before
		if r := recover(); r != nil {
			err = fmt.Errorf("thumb %s: decoder panic: %v", thumbKey, r)
		}
	}()

	obj, err := s.Storage.Open(ctx, originalKey)
	if err != nil {
		return err
	}
	defer obj.Close()
	cfg, _, err := image.DecodeConfig(obj)
	if err != nil {
		return fmt.Errorf("thumb %s: %w", thumbKey, err)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxThumbSourcePixels {
		return fmt.Errorf("thumb %s: the original is too large (%dx%d)", thumbKey, cfg.Width, cfg.Height)
	}
	if _, err := obj.Seek(0, 0); err != nil {
		return err
	}
	img, err := imaging.Decode(obj, imaging.AutoOrientation(true))
	if err != nil {
		return fmt.Errorf("thumb %s: %w", thumbKey, err)
	}

	var out *image.NRGBA
	switch {
	case ts.Width == 0 || ts.Height == 0:
		out = imaging.Resize(img, ts.Width, ts.Height, imaging.Linear)
	case ts.Mode == "f":
		out = imaging.Fit(img, ts.Width, ts.Height, imaging.Linear)
	case ts.Mode == "t":
		out = imaging.Fill(img, ts.Width, ts.Height, imaging.Top, imaging.Linear)
	case ts.Mode == "b":
		out = imaging.Fill(img, ts.Width, ts.Height, imaging.Bottom, imaging.Linear)
	default:
		out = imaging.Fill(img, ts.Width, ts.Height, imaging.Center, imaging.Linear)
	}

	ct := obj.Attributes().ContentType
	format := imaging.PNG
	switch ct {
	case "image/jpeg":
		format = imaging.JPEG
	case "image/gif":
		format = imaging.GIF
	case "image/tiff":
		format = imaging.TIFF
	case "image/bmp":
		format = imaging.BMP
	default:
		ct = "image/png"
	}
	var buf bytes.Buffer
	if err := imaging.Encode(&buf, out, format); err != nil {
		return fmt.Errorf("thumb %s: %w", thumbKey, err)
	}
	return s.Storage.Put(ctx, thumbKey, &buf, int64(buf.Len()), PutOptions{ContentType: ct})
}
