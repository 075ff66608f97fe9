package realtime

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// optionsParam is the query parameter of a topic that carries its options,
// e.g. `posts/*?options={"query":{"expand":"author"}}` (URL-encoded).
const optionsParam = "options"

// SubscriptionOptions are the request data a subscription carries: they
// stand in for the query and headers of a records API request, so they
// feed @request.query.* / @request.headers.* in rules and the expand,
// fields and filter parameters.
type SubscriptionOptions struct {
	Query   map[string]string `json:"query"`
	Headers map[string]string `json:"headers"`
}

// ParseSubscription reads the options of a topic. Invalid or missing
// options give empty maps (a client typo must not drop the subscription).
// Header names are normalised as in rules: "X-Token" → "x_token".
func ParseSubscription(topic string) SubscriptionOptions {
	opts := SubscriptionOptions{Query: map[string]string{}, Headers: map[string]string{}}
	i := strings.IndexByte(topic, '?')
	if i < 0 {
		return opts
	}
	values, err := url.ParseQuery(topic[i+1:])
	if err != nil {
		return opts
	}
	raw := values.Get(optionsParam)
	if raw == "" {
		return opts
	}
	var decoded struct {
		Query   map[string]any `json:"query"`
		Headers map[string]any `json:"headers"`
	}
	if json.Unmarshal([]byte(raw), &decoded) != nil {
		return opts
	}
	for k, v := range decoded.Query {
		opts.Query[k] = scalarString(v)
	}
	for k, v := range decoded.Headers {
		opts.Headers[headerKey(k)] = scalarString(v)
	}
	return opts
}

// TopicName is the topic without its options ("posts/*?options=…" → "posts/*").
func TopicName(topic string) string {
	if i := strings.IndexByte(topic, '?'); i >= 0 {
		return topic[:i]
	}
	return topic
}

// scalarString renders an option value the way a query string would carry
// it; objects and arrays become their JSON.
func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool, float64:
		return fmt.Sprint(x)
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// headerKey turns a header name into its rule key: lower case, and "-" or
// a camelCase boundary become "_".
func headerKey(name string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range name {
		switch {
		case r == '-' || r == ' ':
			b.WriteByte('_')
			prevLower = false
		case unicode.IsUpper(r):
			if prevLower {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			prevLower = false
		default:
			b.WriteRune(r)
			prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
		}
	}
	return b.String()
}
