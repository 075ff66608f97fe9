package bindings

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/engine/apis"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/hook"
	"github.com/hookbase/hookbase/jsvm"
)

// middlewareSpec is a route or routerUse middleware as declared: either a
// Go middleware ($apis.requireAuth()…) or a JS function (plain or wrapped
// in `new Middleware(fn, priority, id)`).
type middlewareSpec struct {
	goMW     *core.Middleware
	ref      jsvm.HandlerRef
	priority int
	id       string
}

// jsMiddleware is the Go value behind `new Middleware(fn, priority, id)`.
type jsMiddleware struct {
	Ref      jsvm.HandlerRef
	Priority int
	Id       string
}

// goHandler is a Go route handler made by a binding ($apis.static).
type goHandler struct {
	fn func(e *core.RequestEvent) error
}

// useChain runs a generation's routerUse middlewares inside the router's
// chain (continuing into it when the last one calls e.next()).
type useChain struct {
	middlewares []*core.Middleware
	hook        *hook.Hook[*core.RequestEvent]
}

func (b *Bindings) installRouter(rt *jsvm.Runtime) error {
	vm := rt.VM
	if err := vm.Set("routerAdd", func(call goja.FunctionCall) goja.Value {
		method := strings.ToUpper(call.Argument(0).String())
		path := call.Argument(1).String()
		d := jsvm.Declaration{Kind: kindRoute, Handler: -1}
		var handler *goHandler
		if gh, ok := call.Argument(2).Export().(*goHandler); ok {
			handler = gh
		} else {
			ref, err := rt.Register(call.Argument(2))
			if err != nil {
				throw(vm, fmt.Errorf("routerAdd %s %s: %w", method, path, err))
			}
			d.Handler = ref
		}
		// a plain object among the trailing arguments is the route's
		// OpenAPI metadata, not a middleware
		var doc map[string]any
		var rest []goja.Value
		for _, a := range call.Arguments[min(3, len(call.Arguments)):] {
			if m, ok := a.Export().(map[string]any); ok && doc == nil {
				doc = m
				continue
			}
			rest = append(rest, a)
		}
		mws := middlewareSpecs(rt, rest)
		d.Args = []any{method, path, mws, handler, doc}
		rt.Declare(d)
		return goja.Undefined()
	}); err != nil {
		return err
	}
	if err := vm.Set("routerUse", func(call goja.FunctionCall) goja.Value {
		rt.Declare(jsvm.Declaration{Kind: kindUse, Handler: -1, Args: []any{middlewareSpecs(rt, call.Arguments)}})
		return goja.Undefined()
	}); err != nil {
		return err
	}
	return defineClass(vm, "Middleware", func(call goja.ConstructorCall) any {
		ref, err := rt.Register(call.Argument(0))
		if err != nil {
			throw(vm, fmt.Errorf("new Middleware: %w", err))
		}
		return &jsMiddleware{Ref: ref, Priority: int(call.Argument(1).ToInteger()), Id: argString(call.Argument(2))}
	})
}

// middlewareSpecs registers the JS functions among args (in the same order
// on every runtime) and keeps the Go middlewares as they are.
func middlewareSpecs(rt *jsvm.Runtime, args []goja.Value) []middlewareSpec {
	var out []middlewareSpec
	for _, a := range args {
		switch v := a.Export().(type) {
		case *core.Middleware:
			out = append(out, middlewareSpec{goMW: v, ref: -1})
		case *jsMiddleware:
			out = append(out, middlewareSpec{ref: v.Ref, priority: v.Priority, id: v.Id})
		default:
			ref, err := rt.Register(a)
			if err != nil {
				throw(rt.VM, fmt.Errorf("middleware: %w", err))
			}
			out = append(out, middlewareSpec{ref: ref})
		}
	}
	return out
}

// middleware turns a spec into an engine middleware running on gen.
func (b *Bindings) middleware(gen *jsvm.Generation, spec middlewareSpec) *core.Middleware {
	if spec.goMW != nil {
		return spec.goMW
	}
	ref := spec.ref
	return &core.Middleware{Id: spec.id, Priority: spec.priority, Func: func(e *core.RequestEvent) error {
		return b.callJS(e.Request.Context(), gen, ref, nil, func(vm *goja.Runtime) []goja.Value {
			return []goja.Value{eventValue(vm, e)}
		})
	}}
}

func (b *Bindings) buildUse(gen *jsvm.Generation, decls []jsvm.Declaration) (*useChain, error) {
	var mws []*core.Middleware
	for _, d := range decls {
		if d.Kind != kindUse {
			continue
		}
		for _, spec := range d.Args[0].([]middlewareSpec) {
			mws = append(mws, b.middleware(gen, spec))
		}
	}
	if len(mws) == 0 {
		return nil, nil
	}
	chain := &useChain{middlewares: mws, hook: &hook.Hook[*core.RequestEvent]{}}
	for _, m := range mws {
		copied := *m // the chain assigns ids; keep the declared value untouched
		chain.hook.Bind(&copied)
	}
	return chain, nil
}

// routeTable is a generation's JS routes. Its handler (an echo instance in
// front of the server's own) is built on first use, once the server's
// router is known, so the routes get the same global middlewares (auth,
// rate limit, activity log and the routerUse dispatcher) as built-in ones.
type routeTable struct {
	b       *Bindings
	router  *apis.Router
	once    sync.Once
	handler http.Handler
	// prefixes are the routes' static beginnings (up to the first
	// parameter): a request whose path starts with none of them cannot
	// match a JS route and goes straight to the server's handler, without
	// a pass through this table's router (every built-in endpoint paid
	// for one as soon as a script declared any route).
	prefixes []string
}

// routePrefix is the static beginning of a route pattern.
func routePrefix(path string) string {
	if i := strings.IndexAny(path, "{:*"); i >= 0 {
		return path[:i]
	}
	return path
}

// mayMatch reports whether req could match one of the table's routes, in
// its decoded or its escaped form (a pattern may be written either way).
func (rt *routeTable) mayMatch(req *http.Request) bool {
	escaped := req.URL.EscapedPath()
	for _, p := range rt.prefixes {
		if strings.HasPrefix(req.URL.Path, p) || strings.HasPrefix(escaped, p) {
			return true
		}
	}
	return false
}

func (rt *routeTable) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if !rt.mayMatch(req) {
		if main := rt.b.main.Load(); main != nil {
			(*main).ServeHTTP(w, req)
			return
		}
	}
	rt.once.Do(func() {
		b := rt.b
		var fallback http.Handler = http.NotFoundHandler()
		if main := b.main.Load(); main != nil {
			fallback = *main // the server's echo: lets catch-alls yield to its specific routes
		}
		rt.handler = apis.StandaloneHandler(b.app, rt.router, b.baseRouter.Load(), b.opts.Origins, fallback)
	})
	rt.handler.ServeHTTP(w, req)
}

// buildRoutes makes the generation's route table (nil without routes).
func (b *Bindings) buildRoutes(gen *jsvm.Generation, decls []jsvm.Declaration) (http.Handler, error) {
	r := apis.NewRouter(b.app)
	scripts := &scriptLines{dir: gen.HooksDir(), files: map[string][]string{}}
	n := 0
	var prefixes []string
	for _, d := range decls {
		if d.Kind != kindRoute {
			continue
		}
		method, path := d.Args[0].(string), d.Args[1].(string)
		if !strings.HasPrefix(path, "/") {
			return nil, fmt.Errorf("%s:%d: routerAdd: path %q must start with /", d.File, d.Line, path)
		}
		var handler func(e *core.RequestEvent) error
		if gh, _ := d.Args[3].(*goHandler); gh != nil {
			handler = gh.fn
		} else {
			ref := d.Handler
			handler = func(e *core.RequestEvent) error {
				rereadableBody(e)
				return b.callJS(e.Request.Context(), gen, ref, nil, func(vm *goja.Runtime) []goja.Value {
					return []goja.Value{eventValue(vm, e)}
				})
			}
		}
		route := r.Route(method, path, handler)
		doc, _ := d.Args[4].(map[string]any)
		if doc == nil {
			doc = scripts.jsdoc(d.File, d.Line)
		}
		if doc != nil {
			route.(*apis.Route).Doc = doc
		}
		for _, spec := range d.Args[2].([]middlewareSpec) {
			route.Bind(b.middleware(gen, spec))
		}
		prefixes = append(prefixes, routePrefix(path))
		n++
	}
	if n == 0 {
		return nil, nil
	}
	return &routeTable{b: b, router: r, prefixes: prefixes}, nil
}

// jsRoutes are the current generation's routes, for the OpenAPI document.
func (b *Bindings) jsRoutes() []*apis.Route {
	t := b.table.Load()
	if t == nil || t.routes == nil {
		return nil
	}
	if rtab, ok := t.routes.(*routeTable); ok {
		return rtab.router.Routes()
	}
	return nil
}

// bindServe hooks the JS router into every server the app builds: the
// routerUse dispatcher joins the built-in routes' chain, and the current
// generation's routes are served in front of the built-in handler.
func (b *Bindings) bindServe() {
	b.app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "__jsvmRouter",
		Func: func(se *core.ServeEvent) error {
			se.Router.Use(&core.Middleware{Id: "__jsvmRouterUse", Func: func(e *core.RequestEvent) error {
				t := b.table.Load()
				if t == nil || t.use == nil {
					return e.Next()
				}
				return t.use.hook.Trigger(e)
			}})
			if base, ok := se.Router.(*apis.Router); ok {
				b.baseRouter.Store(base)
			}
			if err := se.Next(); err != nil {
				return err
			}
			main := se.Server.Handler
			b.main.Store(&main)
			se.Server.Handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				if t := b.table.Load(); t != nil && t.routes != nil {
					t.routes.ServeHTTP(w, req)
					return
				}
				main.ServeHTTP(w, req)
			})
			return nil
		},
	})
}

// rereadableBody lets a JS handler call both e.requestInfo() and
// e.bindBody() in any order (as in PocketBase): the body is read once,
// parsed into the cached request info, and offered again to bindBody.
func rereadableBody(e *core.RequestEvent) {
	req := e.Request
	if req.Body == nil || req.Body == http.NoBody || req.Method == http.MethodGet || req.Method == http.MethodHead {
		return
	}
	raw, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		req.Body = io.NopCloser(errReader{err}) // e.g. over the body limit: keep failing
		return
	}
	req.Body = io.NopCloser(bytes.NewReader(raw))
	_, _ = e.RequestInfo() // a malformed body is reported when the handler asks
	req.Body = io.NopCloser(bytes.NewReader(raw))
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
