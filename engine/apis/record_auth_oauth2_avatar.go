package apis

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"syscall"
	"time"

	"github.com/hookbase/hookbase/engine/filesystem"
	"github.com/hookbase/hookbase/engine/tools/auth"
)

// maxAvatarSize bounds a downloaded OAuth2 avatar.
const maxAvatarSize = 5 << 20

// downloadOAuth2Avatar fetches the provider user's avatar for a file field.
// The URL comes from the provider's answer, so it must not reach internal
// addresses (SSRF): only public IPs are dialled, unless the avatar is on a
// host of the provider's own configured endpoints, which the superuser
// chose.
func downloadOAuth2Avatar(ctx context.Context, provider auth.Provider, avatarURL string) (*filesystem.File, error) {
	u, err := url.Parse(avatarURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("invalid avatar URL %q", avatarURL)
	}
	client := publicOnlyHTTPClient()
	var endpoints []string
	if provider != nil {
		endpoints = []string{provider.AuthURL(), provider.TokenURL(), provider.UserInfoURL()}
	}
	for _, endpoint := range endpoints {
		if e, err := url.Parse(endpoint); err == nil && e.Host != "" && e.Host == u.Host {
			client = &http.Client{Timeout: 30 * time.Second}
			break
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, fmt.Errorf("avatar download: status %d", res.StatusCode)
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(res.Body, maxAvatarSize+1))
	if err != nil {
		return nil, err
	}
	if n > maxAvatarSize {
		return nil, fmt.Errorf("avatar larger than %d bytes", maxAvatarSize)
	}
	return filesystem.NewFileFromBytes(buf.Bytes(), path.Base(u.Path))
}

// publicOnlyHTTPClient refuses to connect to loopback, private, link-local
// and unspecified addresses (checked on the resolved IP, so DNS cannot
// smuggle one in); redirects go through the same check.
func publicOnlyHTTPClient() *http.Client {
	dialer := &net.Dialer{
		Timeout: 10 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() ||
				ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast() {
				return fmt.Errorf("address %s is not public", address)
			}
			return nil
		},
	}
	return &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: 10 * time.Second},
	}
}
