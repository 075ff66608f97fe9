package apis

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/filesystem"
	"golang.org/x/sync/semaphore"
)

// countingLocal is the real local storage, counting the thumbs it writes.
type countingLocal struct {
	*filesystem.Local
	puts atomic.Int32
}

func (c *countingLocal) Put(ctx context.Context, key string, r io.Reader, size int64, opts filesystem.PutOptions) error {
	c.puts.Add(1)
	time.Sleep(50 * time.Millisecond) // keep the generation in flight while the others arrive
	return c.Local.Put(ctx, key, r, size, opts)
}

// Concurrent first requests of one thumb share a single generation.
func TestCreateThumbOnceForConcurrentRequests(t *testing.T) {
	local, err := filesystem.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 64, 32))); err != nil {
		t.Fatal(err)
	}
	if err := filesystem.New(local).Upload(buf.Bytes(), "c/r/img.png"); err != nil {
		t.Fatal(err)
	}
	store := &countingLocal{Local: local}
	fsys := filesystem.New(store)
	api := &fileApi{thumbSem: semaphore.NewWeighted(2), thumbMaxWait: 10 * time.Second}

	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- api.createThumb(context.Background(), fsys, "c/r/img.png", "c/r/thumbs_img.png/16x0_img.png", "16x0")
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := store.puts.Load(); n != 1 {
		t.Fatalf("the thumb was generated %d times", n)
	}
	attrs, err := fsys.Attributes("c/r/thumbs_img.png/16x0_img.png")
	if err != nil || attrs.ContentType != "image/png" {
		t.Fatalf("thumb: %+v %v", attrs, err)
	}
}
