package apis

import (
	"mime"
	"net"
	"strings"
	"time"

	"github.com/hookbase/hookbase/engine/tools/types"
)

func backupModified(t time.Time) types.DateTime {
	d, _ := types.ParseDateTime(t.UTC())
	return d
}

// contentDispositionAttachment makes browsers save the file as name.
func contentDispositionAttachment(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}

// ipInList reports whether ip equals one of list's IPs or falls in one of
// its CIDR ranges (settings.superuserIPs).
func ipInList(ip string, list []string) bool {
	parsed := net.ParseIP(strings.TrimSpace(ip))
	if parsed == nil {
		return false
	}
	for _, item := range list {
		item = strings.TrimSpace(item)
		if strings.Contains(item, "/") {
			if _, network, err := net.ParseCIDR(item); err == nil && network.Contains(parsed) {
				return true
			}
			continue
		}
		if other := net.ParseIP(item); other != nil && other.Equal(parsed) {
			return true
		}
	}
	return false
}
