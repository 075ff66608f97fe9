package filesystem

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config is how to reach an S3 compatible bucket (settings.s3).
type S3Config struct {
	Bucket         string
	Region         string
	Endpoint       string // e.g. https://s3.amazonaws.com or http://127.0.0.1:9000
	AccessKey      string
	Secret         string
	ForcePathStyle bool
}

// S3 stores objects in an S3 bucket through minio-go.
type S3 struct {
	client *minio.Client
	bucket string
}

var _ Storage = (*S3)(nil)

// NewS3 returns an S3 storage; nothing is sent until it is used.
func NewS3(cfg S3Config) (*S3, error) {
	if cfg.Bucket == "" {
		return nil, errors.New("s3 storage: missing bucket")
	}
	endpoint := cfg.Endpoint
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("s3 storage: invalid endpoint %q", cfg.Endpoint)
	}
	lookup := minio.BucketLookupDNS
	if cfg.ForcePathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(u.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.Secret, ""),
		Secure:       u.Scheme == "https",
		Region:       cfg.Region,
		BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("s3 storage: %w", err)
	}
	return &S3{client: client, bucket: cfg.Bucket}, nil
}

// CheckBucket verifies that the bucket exists and the credentials work.
func (s *S3) CheckBucket(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("s3 bucket %s: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("s3 bucket %s does not exist", s.bucket)
	}
	return nil
}

func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) error {
	key, err := CleanKey(key)
	if err != nil {
		return err
	}
	ct := opts.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	_, err = s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{
		ContentType:  ct,
		UserMetadata: opts.Metadata,
		// a bounded part size keeps memory flat for streams of unknown size
		PartSize: 16 << 20,
	})
	if err != nil {
		return fmt.Errorf("s3 put %s: %w", key, err)
	}
	return nil
}

type s3Object struct {
	*minio.Object
	attrs Attributes
}

func (o *s3Object) Attributes() Attributes { return o.attrs }

func (s *S3) Open(ctx context.Context, key string) (Object, error) {
	attrs, err := s.Stat(ctx, key)
	if err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Error(key, err)
	}
	return &s3Object{Object: obj, attrs: attrs}, nil
}

func (s *S3) Stat(ctx context.Context, key string) (Attributes, error) {
	key, err := CleanKey(key)
	if err != nil {
		return Attributes{}, err
	}
	info, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return Attributes{}, s3Error(key, err)
	}
	meta := map[string]string{}
	for k, v := range info.UserMetadata {
		meta[strings.ToLower(k)] = v
	}
	return Attributes{Size: info.Size, ModTime: info.LastModified, ContentType: info.ContentType, Metadata: meta}, nil
}

func (s *S3) Delete(ctx context.Context, key string) error {
	key, err := CleanKey(key)
	if err != nil {
		return err
	}
	// S3 deletes of missing keys succeed; report them as PocketBase does.
	if _, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{}); err != nil {
		return s3Error(key, err)
	}
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return s3Error(key, err)
	}
	return nil
}

func (s *S3) List(ctx context.Context, prefix string) ([]ObjectInfo, error) {
	prefix, err := cleanPrefix(prefix)
	if err != nil {
		return nil, err
	}
	var out []ObjectInfo
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return nil, fmt.Errorf("s3 list %s: %w", prefix, obj.Err)
		}
		out = append(out, ObjectInfo{Key: obj.Key, Size: obj.Size, ModTime: obj.LastModified})
	}
	return out, nil
}

func (s *S3) Copy(ctx context.Context, src, dst string) error {
	if _, err := CleanKey(src); err != nil {
		return err
	}
	if _, err := CleanKey(dst); err != nil {
		return err
	}
	_, err := s.client.CopyObject(ctx,
		minio.CopyDestOptions{Bucket: s.bucket, Object: dst},
		minio.CopySrcOptions{Bucket: s.bucket, Object: src})
	if err != nil {
		return s3Error(src, err)
	}
	return nil
}

func (s *S3) Close() error { return nil }

func s3Error(key string, err error) error {
	resp := minio.ToErrorResponse(err)
	if resp.StatusCode == http.StatusNotFound || resp.Code == "NoSuchKey" {
		return fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	return fmt.Errorf("s3 %s: %w", key, err)
}
