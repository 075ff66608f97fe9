// Package apis is hookbase's HTTP layer: routes on echo/v4, middlewares and
// the Web API handlers, answering errors in PocketBase's JSON shape.
package apis

import (
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/hook"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/labstack/echo/v4"
)

// Router collects routes with PocketBase-style patterns ("/api/x/{id}",
// "/static/{path...}") and middlewares, then mounts them on echo.
type Router struct {
	mu          sync.Mutex
	app         *core.App
	middlewares []*core.Middleware
	routes      []*Route
}

// Route is one registered route.
type Route struct {
	Method  string
	Path    string
	Handler func(e *core.RequestEvent) error
	// Doc describes the route in the OpenAPI document (summary,
	// description, tags, query, body, response, responses); optional.
	Doc         map[string]any
	middlewares []*core.Middleware
}

// Bind attaches middlewares to the route.
func (r *Route) Bind(middlewares ...*core.Middleware) core.RouteHandle {
	r.middlewares = append(r.middlewares, middlewares...)
	return r
}

// BindFunc attaches middleware functions to the route.
func (r *Route) BindFunc(fns ...func(e *core.RequestEvent) error) core.RouteHandle {
	for _, fn := range fns {
		r.middlewares = append(r.middlewares, &core.Middleware{Func: fn})
	}
	return r
}

// NewRouter returns an empty router for app.
func NewRouter(app *core.App) *Router { return &Router{app: app} }

// Route registers a handler for method and path.
func (r *Router) Route(method, path string, handler func(e *core.RequestEvent) error) core.RouteHandle {
	r.mu.Lock()
	defer r.mu.Unlock()
	route := &Route{Method: strings.ToUpper(method), Path: path, Handler: handler}
	r.routes = append(r.routes, route)
	return route
}

// GET, POST, PATCH, PUT and DELETE are Route shortcuts.
func (r *Router) GET(path string, h func(e *core.RequestEvent) error) core.RouteHandle {
	return r.Route(http.MethodGet, path, h)
}
func (r *Router) POST(path string, h func(e *core.RequestEvent) error) core.RouteHandle {
	return r.Route(http.MethodPost, path, h)
}
func (r *Router) PATCH(path string, h func(e *core.RequestEvent) error) core.RouteHandle {
	return r.Route(http.MethodPatch, path, h)
}
func (r *Router) PUT(path string, h func(e *core.RequestEvent) error) core.RouteHandle {
	return r.Route(http.MethodPut, path, h)
}
func (r *Router) DELETE(path string, h func(e *core.RequestEvent) error) core.RouteHandle {
	return r.Route(http.MethodDelete, path, h)
}

// Use adds global middlewares (run for every route, by priority).
func (r *Router) Use(middlewares ...*core.Middleware) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.middlewares = append(r.middlewares, middlewares...)
}

// UseFunc adds global middleware functions.
func (r *Router) UseFunc(fns ...func(e *core.RequestEvent) error) {
	for _, fn := range fns {
		r.Use(&core.Middleware{Func: fn})
	}
}

var paramPattern = regexp.MustCompile(`\{(\w+)(\.\.\.)?\}`)

// echoPath turns "{id}" into ":id" and a trailing "{path...}" into "*",
// returning the wildcard's name.
func echoPath(path string) (string, string) {
	wildcard := ""
	out := paramPattern.ReplaceAllStringFunc(path, func(m string) string {
		sub := paramPattern.FindStringSubmatch(m)
		if sub[2] != "" {
			wildcard = sub[1]
			return "*"
		}
		return ":" + sub[1]
	})
	return out, wildcard
}

// Mount registers every route on e. GET routes also answer HEAD.
func (r *Router) Mount(e *echo.Echo) { r.register(e, nil) }

// register adds every route to e; both Mount and StandaloneHandler go
// through it so that a route behaves the same wherever it is served. Each
// route runs lead, then the router's global middlewares, then its own
// (hook priorities still order them), behind echo's route-level mws.
func (r *Router) register(e *echo.Echo, lead []*core.Middleware, mws ...echo.MiddlewareFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, route := range r.routes {
		chain := &hook.Hook[*core.RequestEvent]{}
		for _, m := range lead {
			chain.Bind(m)
		}
		for _, m := range r.middlewares {
			chain.Bind(m)
		}
		for _, m := range route.middlewares {
			chain.Bind(m)
		}
		path, wildcard := echoPath(route.Path)
		handler := r.echoHandler(chain, route, wildcard)
		switch route.Method {
		case "", "ANY", "*":
			e.Any(path, handler, mws...)
		case http.MethodGet:
			e.GET(path, handler, mws...)
			e.HEAD(path, handler, mws...)
		default:
			e.Add(route.Method, path, handler, mws...)
		}
	}
}

func (r *Router) echoHandler(chain *hook.Hook[*core.RequestEvent], route *Route, wildcard string) echo.HandlerFunc {
	handler := route.Handler
	traceName := traceRouteName(route.Method, route.Path)
	return func(c echo.Context) error {
		req := c.Request()
		setTraceRoute(req, traceName, route.Path)
		for i, name := range c.ParamNames() {
			if name == "*" {
				if wildcard != "" {
					req.SetPathValue(wildcard, c.ParamValues()[i])
				}
				continue
			}
			// echo lets a trailing :param swallow the rest of the path,
			// slashes included; a {param} is one segment, as in PocketBase.
			value := c.ParamValues()[i]
			if strings.Contains(value, "/") {
				return router.NewNotFoundError("", nil)
			}
			req.SetPathValue(name, value)
		}
		event := NewRequestEvent(r.app, c.Response(), req)
		return chain.Trigger(event, handler)
	}
}

// NewRequestEvent builds the event of one request.
func NewRequestEvent(app *core.App, w http.ResponseWriter, req *http.Request) *core.RequestEvent {
	event := &core.RequestEvent{App: app}
	event.Request = req
	event.Response = w
	return event
}
