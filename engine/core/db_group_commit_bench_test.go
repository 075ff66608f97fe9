package core

import (
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// newBenchApp is newTestApp with group commit switched on or off.
func newBenchApp(b *testing.B, group bool) *App {
	app := New(Config{DataDir: b.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	app.noGroupCommit = !group
	if err := app.Bootstrap(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = app.ResetBootstrapState() })
	return app
}

// saveBenchPosts creates the bench's posts collection (the shape of
// ../shared/bench's seed) in app.
func saveBenchPosts(b *testing.B, app *App) *Collection {
	c := NewBaseCollection("posts")
	c.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "title"}, Required: true, Max: 200},
		&NumberField{FieldBase: FieldBase{Name: "views"}},
		&BoolField{FieldBase: FieldBase{Name: "public"}},
		&AutodateField{FieldBase: FieldBase{Name: "created"}, OnCreate: true},
		&AutodateField{FieldBase: FieldBase{Name: "updated"}, OnCreate: true, OnUpdate: true},
	)
	if err := app.Save(c); err != nil {
		b.Fatal(err)
	}
	return c
}

// processCPU is the user+system CPU time of the process so far: on a shared
// machine CPU per op is steadier than wall time per op.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRecordCreateConcurrent is the create path below HTTP: 16
// goroutines (the bench's connection count) saving records of the bench's
// posts shape at once, each save its own top-level transaction, with one
// SQLite transaction each (group=off) or shared ones (group=on).
func BenchmarkRecordCreateConcurrent(b *testing.B) {
	for _, group := range []bool{false, true} {
		b.Run(fmt.Sprintf("group=%v", group), func(b *testing.B) {
			app := newBenchApp(b, group)
			c := saveBenchPosts(b, app)
			var n atomic.Int64
			b.ReportAllocs()
			b.SetParallelism(8) // × GOMAXPROCS(2) = 16 writers
			cpu0 := processCPU()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					r := NewRecord(c)
					r.Set("title", fmt.Sprint("bench ", i))
					r.Set("views", i%1000)
					if err := app.Save(r); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
			if g := app.group; g != nil && g.batches.Load() > 0 {
				b.ReportMetric(float64(g.members.Load())/float64(g.batches.Load()), "members/batch")
			}
		})
	}
}

// BenchmarkRecordUpdateConcurrent is the update path: 16 goroutines each
// saving changes to its own record.
func BenchmarkRecordUpdateConcurrent(b *testing.B) {
	for _, group := range []bool{false, true} {
		b.Run(fmt.Sprintf("group=%v", group), func(b *testing.B) {
			app := newBenchApp(b, group)
			c := NewBaseCollection("posts")
			c.Fields.Add(
				&TextField{FieldBase: FieldBase{Name: "title"}, Required: true, Max: 200},
				&NumberField{FieldBase: FieldBase{Name: "views"}},
				&AutodateField{FieldBase: FieldBase{Name: "updated"}, OnCreate: true, OnUpdate: true},
			)
			if err := app.Save(c); err != nil {
				b.Fatal(err)
			}
			recs := make(chan *Record, 64)
			for i := 0; i < 64; i++ {
				r := NewRecord(c)
				r.Set("title", fmt.Sprint("post ", i))
				if err := app.Save(r); err != nil {
					b.Fatal(err)
				}
				recs <- r
			}
			var n atomic.Int64
			b.ReportAllocs()
			b.SetParallelism(8)
			cpu0 := processCPU()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				r := <-recs
				for pb.Next() {
					r.Set("views", n.Add(1))
					if err := app.Save(r); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
