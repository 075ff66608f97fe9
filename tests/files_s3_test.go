package tests

import (
	"net/http/httptest"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// s3TestBucket is the bucket the in-process S3 server starts with.
const s3TestBucket = "hookbase-files"

// TestSDKFilesS3 runs the S3 subset of the file tests against a real S3
// protocol server (gofakes3 over HTTP on 127.0.0.1) with the production
// S3 client: test/s3, uploads, serving, thumbs, replace and delete.
func TestSDKFilesS3(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket(s3TestBucket); err != nil {
		t.Fatal(err)
	}
	s3 := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(s3.Close)

	s := harness.Start(t, harness.Options{})
	t.Setenv("HOOKBASE_DATA_DIR", s.DataDir)
	t.Setenv("HOOKBASE_FIXTURES", writeImageFixtures(t))
	t.Setenv("HOOKBASE_S3_URL", s3.URL)
	t.Setenv("HOOKBASE_S3_BUCKET", s3TestBucket)
	harness.RunNodeTests(t, s, "files_s3.test.mjs")
}
