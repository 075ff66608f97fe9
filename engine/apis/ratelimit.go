package apis

import (
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
)

// Rate limiter middleware id, priority and rule audiences.
const (
	DefaultRateLimitMiddlewareId       = "pbRateLimit"
	DefaultRateLimitMiddlewarePriority = -1000
	RateLimitAudienceGuest             = "@guest"
	RateLimitAudienceAuth              = "@auth"
)

// bindRateLimit installs the settings-driven rate limiter on every route.
func bindRateLimit(r *Router) {
	r.Use(rateLimitMiddleware(newRateLimiter()))
}

// rateLimitMiddleware applies settings.rateLimits: one check against the
// most specific path rule ("/api/", "POST /api/x", …) and one against the
// collection action tag ("users:create", then "*:create"), each counted
// per client IP. Superusers, excluded IPs and batch sub-requests pass.
func rateLimitMiddleware(limiter *rateLimiter) *core.Middleware {
	return &core.Middleware{
		Id:       DefaultRateLimitMiddlewareId,
		Priority: DefaultRateLimitMiddlewarePriority,
		Func: func(e *core.RequestEvent) error {
			cfg := e.App.Settings().RateLimits
			if !cfg.Enabled || len(cfg.Rules) == 0 || e.IsInternalRequest() || e.HasSuperuserAuth() {
				return e.Next()
			}
			ip := e.RealIP()
			for _, excluded := range cfg.ExcludedIPs {
				if excluded == ip {
					return e.Next()
				}
			}
			audience := RateLimitAudienceGuest
			if e.Auth != nil {
				audience = RateLimitAudienceAuth
			}
			path := e.Request.URL.Path
			if rule, ok := findPathRateLimitRule(cfg.Rules, e.Request.Method, path, audience); ok {
				if !limiter.allow(ip, rule) {
					return router.NewTooManyRequestsError("", nil)
				}
			}
			if tags := rateLimitTags(e.App, e.Request.Method, path); len(tags) > 0 {
				if rule, ok := findTagRateLimitRule(cfg.Rules, tags, audience); ok {
					if !limiter.allow(ip, rule) {
						return router.NewTooManyRequestsError("", nil)
					}
				}
			}
			return e.Next()
		},
	}
}

func audienceMatches(rule core.RateLimitRule, audience string) bool {
	return rule.Audience == "" || rule.Audience == audience
}

// findPathRateLimitRule picks the rule whose label matches the request
// path best: an exact "METHOD /path" or "/path", else the longest prefix
// label ending with "/"; a rule for the caller's audience beats a general one.
func findPathRateLimitRule(rules []core.RateLimitRule, method, path, audience string) (core.RateLimitRule, bool) {
	best, bestScore := core.RateLimitRule{}, -1
	for _, rule := range rules {
		if !audienceMatches(rule, audience) {
			continue
		}
		label := rule.Label
		methodBonus := 0
		if m, rest, ok := strings.Cut(label, " "); ok && strings.HasPrefix(rest, "/") {
			if !strings.EqualFold(m, method) {
				continue
			}
			label, methodBonus = rest, 1
		}
		if !strings.HasPrefix(label, "/") {
			continue
		}
		score := -1
		switch {
		case label == path:
			score = 1_000_000 + len(label)*4
		case strings.HasSuffix(label, "/") && strings.HasPrefix(path, label):
			score = len(label) * 4
		}
		if score < 0 {
			continue
		}
		score += methodBonus * 2
		if rule.Audience != "" {
			score++
		}
		if score > bestScore {
			best, bestScore = rule, score
		}
	}
	return best, bestScore >= 0
}

// findTagRateLimitRule returns the rule of the first tag (most specific
// first) that has one for the audience.
func findTagRateLimitRule(rules []core.RateLimitRule, tags []string, audience string) (core.RateLimitRule, bool) {
	for _, tag := range tags {
		var general *core.RateLimitRule
		for i, rule := range rules {
			if rule.Label != tag || !audienceMatches(rule, audience) {
				continue
			}
			if rule.Audience != "" {
				return rule, true
			}
			if general == nil {
				general = &rules[i]
			}
		}
		if general != nil {
			return *general, true
		}
	}
	return core.RateLimitRule{}, false
}

var (
	collectionRoutePattern = regexp.MustCompile(`^/api/collections/([^/]+)/([^/]+)(?:/([^/]+))?/?$`)
	fileRoutePattern       = regexp.MustCompile(`^/api/files/([^/]+)/`)
)

// collectionRouteActions maps the auth route names to their tag action.
// The auth-with-* routes also answer to their own action (PocketBase's
// "users:authWithOTP"), tried before the shared "auth".
var collectionRouteActions = map[string]string{
	"auth-with-password":     "authWithPassword",
	"auth-with-oauth2":       "authWithOAuth2",
	"auth-with-otp":          "authWithOTP",
	"auth-refresh":           "authRefresh",
	"auth-methods":           "listAuthMethods",
	"request-otp":            "requestOTP",
	"request-verification":   "requestVerification",
	"confirm-verification":   "confirmVerification",
	"request-password-reset": "requestPasswordReset",
	"confirm-password-reset": "confirmPasswordReset",
	"request-email-change":   "requestEmailChange",
	"confirm-email-change":   "confirmEmailChange",
	"impersonate":            "impersonate",
}

// rateLimitTags derives the "collection:action" tags of a request, most
// specific first (by name, by id, then "*:action").
func rateLimitTags(app *core.App, method, path string) []string {
	var collection, action string
	if m := collectionRoutePattern.FindStringSubmatch(path); m != nil {
		collection = m[1]
		if m[2] == "records" {
			switch {
			case m[3] == "" && method == "GET":
				action = "list"
			case m[3] == "" && method == "POST":
				action = "create"
			case m[3] == "" && method == "PUT":
				action = "upsert"
			case m[3] != "" && method == "GET":
				action = "view"
			case m[3] != "" && method == "PATCH":
				action = "update"
			case m[3] != "" && method == "DELETE":
				action = "delete"
			}
		} else {
			action = collectionRouteActions[m[2]]
		}
	} else if m := fileRoutePattern.FindStringSubmatch(path); m != nil && method == "GET" {
		collection, action = m[1], "file"
	}
	if action == "" {
		return nil
	}
	actions := []string{action}
	if strings.HasPrefix(action, "authWith") {
		actions = append(actions, "auth")
	}
	tags := make([]string, 0, 3*len(actions))
	if c, err := app.FindCachedCollectionByNameOrId(collection); err == nil {
		for _, a := range actions {
			tags = append(tags, c.Name+":"+a)
			if c.Id != c.Name {
				tags = append(tags, c.Id+":"+a)
			}
		}
	}
	for _, a := range actions {
		tags = append(tags, "*:"+a)
	}
	return tags
}

// rateLimiter counts requests in fixed windows per client and rule.
type rateLimiter struct {
	mu        sync.Mutex
	windows   map[string]*rateWindow
	lastSweep time.Time
}

type rateWindow struct {
	start time.Time
	count int
	ttl   time.Duration
}

func newRateLimiter() *rateLimiter {
	return &rateLimiter{windows: map[string]*rateWindow{}, lastSweep: time.Now()}
}

// allow counts one request of ip under rule and reports whether it is
// within rule.MaxRequests for the current window of rule.Duration seconds.
func (l *rateLimiter) allow(ip string, rule core.RateLimitRule) bool {
	if rule.MaxRequests <= 0 || rule.Duration <= 0 {
		return true
	}
	ttl := time.Duration(rule.Duration) * time.Second
	key := rule.Label + "\x00" + rule.Audience + "\x00" + ip
	now := time.Now()

	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > time.Minute {
		for k, w := range l.windows {
			if now.Sub(w.start) > w.ttl {
				delete(l.windows, k)
			}
		}
		l.lastSweep = now
	}
	w := l.windows[key]
	if w == nil || now.Sub(w.start) >= ttl || w.ttl != ttl {
		w = &rateWindow{start: now, ttl: ttl}
		l.windows[key] = w
	}
	if w.count >= rule.MaxRequests {
		return false
	}
	w.count++
	return true
}
