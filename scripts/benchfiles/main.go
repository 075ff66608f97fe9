// Command benchfiles measures the files API of a PocketBase-compatible
// server on loopback: serving a 100KB file and a cached thumb, 1MB uploads,
// and the peak RSS while 16 clients upload 50MB each (streamed from a
// generator, never held in memory). Run it through run.sh.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var (
	base  = flag.String("url", "http://127.0.0.1:18190", "server")
	pid   = flag.Int("pid", 0, "server pid (for RSS)")
	dur   = flag.Duration("dur", 5*time.Second, "duration of each read bench")
	conns = flag.Int("c", 16, "connections")
	email = flag.String("email", "bench@example.com", "")
	pass  = flag.String("pass", "benchpass123", "")
)

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func doJSON(method, path, token string, body any) map[string]any {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, *base+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := client.Do(req)
	must(err)
	defer res.Body.Close()
	out := map[string]any{}
	b, _ := io.ReadAll(res.Body)
	json.Unmarshal(b, &out)
	if res.StatusCode >= 300 {
		panic(fmt.Sprintf("%s %s: %d %s", method, path, res.StatusCode, b))
	}
	return out
}

// upload posts one record with a file of size bytes, streamed.
func upload(token string, size int64, name string) (map[string]any, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		part, err := mw.CreateFormFile("f", name)
		if err == nil {
			_, err = io.CopyN(part, zeroish{}, size)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest("POST", *base+"/api/collections/bfiles/records", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", token)
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("upload: %d %s", res.StatusCode, b)
	}
	out := map[string]any{}
	return out, json.Unmarshal(b, &out)
}

type zeroish struct{}

func (zeroish) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i * 7)
	}
	return len(p), nil
}

func uploadBytes(token string, content []byte, name string) map[string]any {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, _ := mw.CreateFormFile("f", name)
	part.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", *base+"/api/collections/bfiles/records", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", token)
	res, err := client.Do(req)
	must(err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		panic(string(b))
	}
	out := map[string]any{}
	json.Unmarshal(b, &out)
	return out
}

func readBench(url string) float64 {
	var n atomic.Int64
	stop := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				res, err := client.Get(url)
				if err != nil {
					panic(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					panic(res.Status)
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / dur.Seconds()
}

func rss(field string) int {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", *pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, field+":") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return kb / 1024
		}
	}
	return -1
}

func main() {
	flag.Parse()
	auth := doJSON("POST", "/api/collections/_superusers/auth-with-password", "", map[string]any{"identity": *email, "password": *pass})
	token := auth["token"].(string)
	doJSON("POST", "/api/collections", token, map[string]any{
		"name": "bfiles", "listRule": "", "viewRule": "",
		"fields": []any{map[string]any{"name": "f", "type": "file", "maxSelect": 1, "maxSize": 60 << 20, "thumbs": []string{"50x50"}}},
	})
	small := make([]byte, 100<<10)
	rand.Read(small)
	rec := uploadBytes(token, small, "small.bin")
	img := image.NewNRGBA(image.Rect(0, 0, 800, 600))
	for y := 0; y < 600; y++ {
		for x := 0; x < 800; x++ {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var pbuf bytes.Buffer
	png.Encode(&pbuf, img)
	irec := uploadBytes(token, pbuf.Bytes(), "photo.png")
	fileURL := fmt.Sprintf("%s/api/files/bfiles/%s/%s", *base, rec["id"], rec["f"])
	thumbURL := fmt.Sprintf("%s/api/files/bfiles/%s/%s?thumb=50x50", *base, irec["id"], irec["f"])
	res, err := client.Get(thumbURL) // generates the thumb once
	must(err)
	res.Body.Close()

	fmt.Printf("idle RSS %d MiB\n", rss("VmRSS"))
	fmt.Printf("serve 100KB file: %.0f req/s\n", readBench(fileURL))
	fmt.Printf("serve cached thumb: %.0f req/s\n", readBench(thumbURL))

	// 1MB uploads: a fixed number, 8 at a time
	const uploads = 400
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= uploads {
				if _, err := upload(token, 1<<20, "one.bin"); err != nil {
					panic(err)
				}
			}
		}()
	}
	wg.Wait()
	fmt.Printf("upload 1MB (8 clients): %.0f req/s\n", uploads/time.Since(start).Seconds())

	before := rss("VmHWM")
	start = time.Now()
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := upload(token, 50<<20, "big.bin"); err != nil {
				panic(err)
			}
		}()
	}
	wg.Wait()
	fmt.Printf("16 x 50MB uploads: %.1fs, peak RSS %d MiB (before %d MiB), RSS after %d MiB\n", time.Since(start).Seconds(), rss("VmHWM"), before, rss("VmRSS"))
}
