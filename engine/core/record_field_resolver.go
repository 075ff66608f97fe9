package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/pocketbase/dbx"
	"github.com/spf13/cast"
)

// Field modifiers of the filter grammar.
const (
	modifierEach    = "each"
	modifierIsset   = "isset"
	modifierLength  = "length"
	modifierLower   = "lower"
	modifierChanged = "changed"
)

// maxNestedRelations bounds the relation hops of one field path (and the
// expand depth), as PocketBase does.
const maxNestedRelations = 6

// The shapes of identifiers a record filter may contain. Everything else is
// refused before any schema lookup.
var resolverAllowedFields = []*regexp.Regexp{
	regexp.MustCompile(`^\w+[\w.:]*$`),
	regexp.MustCompile(`^@request\.(context|method)$`),
	regexp.MustCompile(`^@request\.(auth|body|query|headers)\.[\w.:]*\w+$`),
	regexp.MustCompile(`^@collection\.\w+(:\w+)?\.[\w.:]*\w+$`),
}

// Auth record fields that are read from the request info itself, without a
// join on the auth collection.
var plainAuthFields = map[string]bool{
	FieldNameId: true, FieldNameCollectionId: true, FieldNameCollectionName: true,
	FieldNameEmail: true, FieldNameEmailVisibility: true, FieldNameVerified: true,
}

// RecordFieldResolver maps the identifiers of a filter, sort or API rule of
// a collection to SQL (it implements search.FieldResolver): record fields,
// nested and back relations (as LEFT JOINs), JSON paths, @request.* values,
// @collection.* joins and the :isset :changed :length :each :lower
// modifiers. SQL identifiers come only from the schema; request values are
// always bound parameters.
//
// A resolver collects the joins of the identifiers it resolved; apply them
// with UpdateQuery to the query that uses the built expressions. Create one
// resolver per query.
type RecordFieldResolver struct {
	app               *App
	baseCollection    *Collection
	baseTable         string // how the base row is referenced in SQL
	requestInfo       *RequestInfo
	allowHiddenFields bool

	prefix     string // unique per resolver, so joins of two resolvers on one query never clash
	joins      []resolverJoin
	joinByKey  map[string]int
	joinParams dbx.Params
}

type resolverJoin struct {
	table string // SQL of the joined source ("{{posts}}", "json_each(...)")
	alias string
	on    dbx.Expression
}

var (
	_ search.FieldResolver   = (*RecordFieldResolver)(nil)
	_ search.DialectProvider = (*RecordFieldResolver)(nil)
)

// NewRecordFieldResolver returns a resolver for filters on baseCollection.
// requestInfo feeds @request.* (nil resolves every @request.* to NULL);
// allowHiddenFields permits hidden fields (rules and superusers), otherwise
// they are an error and an auth collection's email only matches records
// whose emailVisibility is on.
func NewRecordFieldResolver(app *App, baseCollection *Collection, requestInfo *RequestInfo, allowHiddenFields bool) *RecordFieldResolver {
	return &RecordFieldResolver{
		app:               app,
		baseCollection:    baseCollection,
		baseTable:         baseCollection.Name,
		requestInfo:       requestInfo,
		allowHiddenFields: allowHiddenFields,
		prefix:            search.NewAlias("__r") + "_",
		joinByKey:         map[string]int{},
		joinParams:        dbx.Params{},
	}
}

// AllowHiddenFields reports whether hidden fields may be used.
func (r *RecordFieldResolver) AllowHiddenFields() bool { return r.allowHiddenFields }

// SetAllowHiddenFields changes whether hidden fields may be used by the
// identifiers resolved from now on (e.g. build the API rule with true, then
// the client filter with false, on one resolver and query).
func (r *RecordFieldResolver) SetAllowHiddenFields(allow bool) { r.allowHiddenFields = allow }

// Dialect implements search.DialectProvider.
func (r *RecordFieldResolver) Dialect() search.Dialect { return search.SQLite }

// UpdateQuery implements search.FieldResolver: it adds the LEFT JOINs the
// resolved identifiers need (and DISTINCT, since joins can repeat rows).
func (r *RecordFieldResolver) UpdateQuery(query *dbx.SelectQuery) error {
	if len(r.joins) == 0 {
		return nil
	}
	query.Distinct(true)
	for _, j := range r.joins {
		query.LeftJoin(j.table+" {{"+j.alias+"}}", j.on)
	}
	if len(r.joinParams) > 0 {
		query.AndBind(r.joinParams)
	}
	return nil
}

// registerJoin adds a join identified by key (the path that produced it)
// and returns its alias; a key seen before reuses the existing join, so
// that several conditions on one path refer to the same joined row.
func (r *RecordFieldResolver) registerJoin(key, table string, on func(alias string) dbx.Expression, params dbx.Params) string {
	if i, ok := r.joinByKey[key]; ok {
		return r.joins[i].alias
	}
	alias := r.prefix + strconv.Itoa(len(r.joins))
	var onExpr dbx.Expression = dbx.NewExp("1=1")
	if on != nil {
		onExpr = on(alias)
	}
	r.joinByKey[key] = len(r.joins)
	r.joins = append(r.joins, resolverJoin{table: table, alias: alias, on: onExpr})
	for k, v := range params {
		r.joinParams[k] = v
	}
	return alias
}

// loadCollection finds a collection by name or id (the base one first).
func (r *RecordFieldResolver) loadCollection(nameOrId string) (*Collection, error) {
	if nameOrId == r.baseCollection.Name || nameOrId == r.baseCollection.Id {
		return r.baseCollection, nil
	}
	c, err := r.app.FindCachedCollectionByNameOrId(nameOrId)
	if err != nil {
		return nil, err
	}
	if !isSafeIdentifier(c.Name) {
		return nil, fmt.Errorf("invalid collection name %q", c.Name)
	}
	return c, nil
}

// Resolve implements search.FieldResolver. Examples of accepted fields:
//
//	title, author.team.name, comments_via_post.message, data.a.0.b,
//	tags:each, tags:length, title:lower,
//	@request.auth.id, @request.auth.team.name, @request.body.title:isset,
//	@request.body.tags:each, @request.body.role:changed,
//	@request.query.page, @request.headers.x_token, @request.method,
//	@request.context, @collection.news:alias.title
func (r *RecordFieldResolver) Resolve(field string) (*search.ResolverResult, error) {
	allowed := false
	for _, re := range resolverAllowedFields {
		if re.MatchString(field) {
			allowed = true
			break
		}
	}
	if !allowed {
		return nil, fmt.Errorf("invalid field %q", field)
	}
	props := strings.Split(field, ".")
	for _, p := range props {
		if p == "" {
			return nil, fmt.Errorf("invalid field %q", field)
		}
	}
	switch props[0] {
	case "@collection":
		return r.resolveCollectionField(field, props)
	case "@request":
		return r.resolveRequestField(field, props)
	}
	w := r.newWalk(r.allowHiddenFields, false)
	return w.walk(props)
}

// splitModifier splits "name:modifier"; an unknown modifier is an error.
func splitModifier(prop string) (string, string, error) {
	name, modifier, found := strings.Cut(prop, ":")
	if !found {
		return prop, "", nil
	}
	switch modifier {
	case modifierEach, modifierIsset, modifierLength, modifierLower, modifierChanged:
		return name, modifier, nil
	}
	return "", "", fmt.Errorf("unknown modifier in %q", prop)
}

// bindResult binds one value as a parameter.
func bindResult(v any) *search.ResolverResult {
	name := search.NewParamName()
	return &search.ResolverResult{Identifier: "{:" + name + "}", Params: dbx.Params{name: v}}
}

func nullResult() *search.ResolverResult { return &search.ResolverResult{Identifier: "NULL"} }

// resolveStaticRequestField resolves a @request.* value known before the
// query runs (context, method, query, headers, body and plain auth fields).
// Missing keys are NULL; ":isset" tells whether the key exists.
func (r *RecordFieldResolver) resolveStaticRequestField(path []string) (*search.ResolverResult, error) {
	path = append([]string(nil), path...)
	last, modifier, err := splitModifier(path[len(path)-1])
	if err != nil {
		return nil, err
	}
	path[len(path)-1] = last

	value, found := extractRequestValue(r.staticRequestData(path[0]), path[1:])
	if modifier == modifierIsset {
		if found {
			return &search.ResolverResult{Identifier: "TRUE"}, nil
		}
		return &search.ResolverResult{Identifier: "FALSE"}, nil
	}
	if !found || value == nil {
		return nullResult(), nil
	}

	switch v := value.(type) {
	case string:
		// form-data numbers arrive as strings: compare them as numbers
		if path[0] == "body" && len(path) == 2 {
			if f := r.baseCollection.Fields.GetByName(path[1]); f != nil && f.Type() == FieldTypeNumber {
				if n, err := strconv.ParseFloat(v, 64); err == nil {
					value = n
				}
			}
		}
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
	default:
		if s, err := cast.ToStringE(v); err == nil {
			value = s
		} else if raw, err := json.Marshal(v); err == nil {
			value = string(raw)
		} else {
			value = fmt.Sprint(v)
		}
	}

	res := bindResult(value)
	if modifier == modifierLower {
		res.Identifier = search.SQLite.Lower(res.Identifier)
	}
	return res, nil
}

// staticRequestData returns the @request.<key> source.
func (r *RecordFieldResolver) staticRequestData(key string) any {
	info := r.requestInfo
	if info == nil {
		return nil
	}
	switch key {
	case "context":
		return info.Context
	case "method":
		return info.Method
	case "query":
		return info.Query
	case "headers":
		return info.Headers
	case "body":
		return info.Body
	case "auth":
		if info.Auth == nil {
			return nil
		}
		a := info.Auth
		out := map[string]any{FieldNameId: a.Id}
		if c := a.Collection(); c != nil {
			out[FieldNameCollectionId] = c.Id
			out[FieldNameCollectionName] = c.Name
			if c.IsAuth() {
				out[FieldNameEmail] = a.GetString(FieldNameEmail)
				out[FieldNameEmailVisibility] = a.GetBool(FieldNameEmailVisibility)
				out[FieldNameVerified] = a.GetBool(FieldNameVerified)
			}
		}
		return out
	}
	return nil
}

// extractRequestValue walks keys through maps, slices and JSON texts.
func extractRequestValue(data any, keys []string) (any, bool) {
	if len(keys) == 0 {
		return data, true
	}
	switch v := data.(type) {
	case nil:
		return nil, false
	case json.RawMessage:
		var decoded any
		if json.Unmarshal(v, &decoded) != nil {
			return nil, false
		}
		return extractRequestValue(decoded, keys)
	case interface{ AsMap() map[string]any }:
		return extractRequestValue(v.AsMap(), keys)
	}
	rv := reflect.ValueOf(data)
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil, false
		}
		item := rv.MapIndex(reflect.ValueOf(keys[0]).Convert(rv.Type().Key()))
		if !item.IsValid() {
			return nil, false
		}
		return extractRequestValue(item.Interface(), keys[1:])
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8 {
			// a JSON text (e.g. types.JSONRaw)
			var decoded any
			if json.Unmarshal(rv.Bytes(), &decoded) != nil {
				return nil, false
			}
			return extractRequestValue(decoded, keys)
		}
		idx, err := strconv.Atoi(keys[0])
		if err != nil || idx < 0 || idx >= rv.Len() {
			return nil, false
		}
		return extractRequestValue(rv.Index(idx).Interface(), keys[1:])
	}
	return nil, false
}

// requestBodyItems is a submitted value as a list (nil → empty).
func requestBodyItems(v any) []any {
	if v == nil {
		return []any{}
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array || rv.Type().Elem().Kind() == reflect.Uint8 {
		return []any{v}
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

var errNotMultiValue = errors.New("the field doesn't support multi-value modifiers")
