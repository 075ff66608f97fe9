package core

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/pocketbase/dbx"
)

var (
	backRelationRegex = regexp.MustCompile(`^(\w+)_via_(\w+)$`)
	jsonPathPartRegex = regexp.MustCompile(`^\w+$`)
	arrayIndexRegex   = regexp.MustCompile(`^[0-9]+$`)
)

// fieldWalk resolves one identifier path hop by hop. It joins what the
// path crosses into the main query (through the resolver) and, in
// parallel, into a correlated multi-match sub-select used by the search
// builder to require that every item of a multi-valued path matches.
type fieldWalk struct {
	r           *RecordFieldResolver
	collection  *Collection // collection of the current hop
	alias       string      // its alias in the main query
	key         string      // join key of the path so far
	allowHidden bool
	nullify     bool // unknown fields resolve to NULL instead of an error (@request.*)
	hops        int

	multi   bool // a multi-valued hop was crossed
	mm      *search.MultiMatchSubquery
	mmAlias string // alias of the current hop inside mm
}

func (r *RecordFieldResolver) newWalk(allowHidden, nullify bool) *fieldWalk {
	mmBase := search.NewAlias("__mm")
	return &fieldWalk{
		r:           r,
		collection:  r.baseCollection,
		alias:       r.baseTable,
		allowHidden: allowHidden,
		nullify:     nullify,
		mm: &search.MultiMatchSubquery{
			From:   "{{" + r.baseTable + "}} {{" + mmBase + "}}",
			Where:  dbx.NewExp("[[" + mmBase + ".id]] = [[" + r.baseTable + ".id]]"),
			Params: dbx.Params{},
		},
		mmAlias: mmBase,
	}
}

// jump joins another collection (by on) to both queries and continues the
// walk from it.
func (w *fieldWalk) jump(c *Collection, key string, on func(alias string) dbx.Expression, params dbx.Params) {
	table := "{{" + c.Name + "}}"
	alias := w.r.registerJoin(key, table, on, params)
	mmAlias := search.NewAlias("__mm")
	join := search.Join{Table: table, Alias: mmAlias}
	if on != nil {
		join.On = on(mmAlias)
	}
	w.mm.Joins = append(w.mm.Joins, join)
	for k, v := range params {
		w.mm.Params[k] = v
	}
	w.collection, w.alias, w.key, w.mmAlias = c, alias, key, mmAlias
}

func (w *fieldWalk) missing(format string, args ...any) (*search.ResolverResult, error) {
	if w.nullify {
		return nullResult(), nil
	}
	return nil, fmt.Errorf(format, args...)
}

// result wraps the resolved SQL; mmValue is the same value inside the
// multi-match sub-select.
func (w *fieldWalk) result(identifier, mmValue string) *search.ResolverResult {
	res := &search.ResolverResult{Identifier: identifier}
	if w.multi {
		w.mm.Value = mmValue
		res.MultiMatchSubQuery = w.mm
	}
	return res
}

func col(alias, name string) string { return "[[" + alias + "." + name + "]]" }

func (w *fieldWalk) walk(props []string) (*search.ResolverResult, error) {
	for i, prop := range props {
		if i == len(props)-1 {
			return w.last(prop)
		}
		if strings.Contains(prop, ":") {
			return nil, fmt.Errorf("modifiers are allowed only on the last part of a field path (%q)", prop)
		}
		field := w.collection.Fields.GetByName(prop)
		if field != nil && field.GetHidden() && !w.allowHidden {
			return nil, fmt.Errorf("non-filterable field %q", prop)
		}
		if field != nil && (field.Type() == FieldTypeJSON || field.Type() == FieldTypeGeoPoint) {
			return w.jsonPath(field, props[i+1:])
		}
		if w.hops >= maxNestedRelations {
			return nil, fmt.Errorf("max nested relations depth reached in %q", prop)
		}
		if field == nil {
			res, err := w.backRelation(prop)
			if res != nil || err != nil {
				return res, err
			}
			continue
		}
		rel, ok := field.(*RelationField)
		if !ok {
			return nil, fmt.Errorf("field %q is not a relation", prop)
		}
		// "author.id" is the stored id itself: no join needed
		if !rel.IsMultiple() && i == len(props)-2 && props[i+1] == FieldNameId {
			return w.last(rel.Name)
		}
		if err := w.relation(rel); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("invalid field path %q", strings.Join(props, "."))
}

// relation hops over a relation field of the current collection.
func (w *fieldWalk) relation(rel *RelationField) error {
	relCol, err := w.r.loadCollection(rel.CollectionId)
	if err != nil {
		return fmt.Errorf("failed to load the collection of relation %q", rel.Name)
	}
	key := w.key + "." + rel.Name
	table := "{{" + relCol.Name + "}}"
	src, mmSrc := col(w.alias, rel.Name), col(w.mmAlias, rel.Name)
	w.hops++
	guard, err := w.listGuard(relCol)
	if err != nil {
		return err
	}

	if !rel.IsMultiple() {
		alias := w.r.registerJoin(key, table, func(a string) dbx.Expression {
			return guarded(dbx.NewExp(col(a, FieldNameId)+" = "+src), guard, a)
		}, nil)
		mmAlias := search.NewAlias("__mm")
		w.mm.Joins = append(w.mm.Joins, search.Join{Table: table, Alias: mmAlias,
			On: guarded(dbx.NewExp(col(mmAlias, FieldNameId)+" = "+mmSrc), guard, mmAlias)})
		w.collection, w.alias, w.key, w.mmAlias = relCol, alias, key, mmAlias
		return nil
	}

	d := w.r.Dialect()
	je := w.r.registerJoin(key+":je", d.JSONEach(src), nil, nil)
	alias := w.r.registerJoin(key, table, func(a string) dbx.Expression {
		return guarded(dbx.NewExp(col(a, FieldNameId)+" = "+d.JSONEachValue(je)), guard, a)
	}, nil)
	mmJe, mmAlias := search.NewAlias("__mm"), search.NewAlias("__mm")
	w.mm.Joins = append(w.mm.Joins,
		search.Join{Table: d.JSONEach(mmSrc), Alias: mmJe},
		search.Join{Table: table, Alias: mmAlias, On: guarded(dbx.NewExp(col(mmAlias, FieldNameId)+" = "+d.JSONEachValue(mmJe)), guard, mmAlias)},
	)
	w.collection, w.alias, w.key, w.mmAlias = relCol, alias, key, mmAlias
	w.multi = true
	return nil
}

// backRelation hops over "collection_via_field": the records of another
// collection whose relation field points to the current record. It is
// multi-valued unless the field is single with a unique index. A non-nil
// result ends the walk (a NULL for @request paths).
func (w *fieldWalk) backRelation(prop string) (*search.ResolverResult, error) {
	m := backRelationRegex.FindStringSubmatch(prop)
	if m == nil {
		return w.missing("unknown field %q", prop)
	}
	backCol, err := w.r.loadCollection(m[1])
	if err != nil {
		return w.missing("unknown back-relation collection in %q", prop)
	}
	backField, ok := backCol.Fields.GetByName(m[2]).(*RelationField)
	if !ok || backField.CollectionId != w.collection.Id {
		return w.missing("invalid back-relation field in %q", prop)
	}
	if backField.GetHidden() && !w.allowHidden {
		return nil, fmt.Errorf("non-filterable back-relation field %q", backField.Name)
	}
	guard, err := w.listGuard(backCol)
	if err != nil {
		return nil, err
	}
	d := w.r.Dialect()
	on := func(base string) func(a string) dbx.Expression {
		return func(a string) dbx.Expression {
			if backField.IsMultiple() {
				je := search.NewAlias("__je")
				return guarded(dbx.NewExp(col(base, FieldNameId)+" IN (SELECT "+d.JSONEachValue(je)+" FROM "+
					d.JSONEach(col(a, backField.Name))+" {{"+je+"}})"), guard, a)
			}
			return guarded(dbx.NewExp(col(a, backField.Name)+" = "+col(base, FieldNameId)), guard, a)
		}
	}
	key := w.key + "." + prop
	table := "{{" + backCol.Name + "}}"
	alias := w.r.registerJoin(key, table, on(w.alias), nil)
	mmAlias := search.NewAlias("__mm")
	w.mm.Joins = append(w.mm.Joins, search.Join{Table: table, Alias: mmAlias, On: on(w.mmAlias)(mmAlias)})
	if backField.IsMultiple() || !hasUniqueIndexOn(backCol, backField.Name) {
		w.multi = true
	}
	w.collection, w.alias, w.key, w.mmAlias = backCol, alias, key, mmAlias
	w.hops++
	return nil, nil
}

// listGuard returns the extra join condition that limits the joined rows
// of c to the records the request may list, or nil when none is needed.
// Walks without hidden-field access (client filters and sorts of
// non-superusers) follow a relation only into records the client could
// list itself, so that a filter cannot probe a protected collection; a
// superusers-only collection cannot be crossed at all (PocketBase v0.32+).
// Rules, @request.auth paths and superusers are not limited.
func (w *fieldWalk) listGuard(c *Collection) (func(alias string) dbx.Expression, error) {
	if w.allowHidden {
		return nil, nil
	}
	if c.ListRule == nil {
		return nil, fmt.Errorf("only superusers can filter through collection %q", c.Name)
	}
	rule := strings.TrimSpace(*c.ListRule)
	if rule == "" {
		return nil, nil
	}
	// the rule is resolved against the collection's own table inside the
	// EXISTS sub-select, which shadows any outer use of the same name
	ruleResolver := NewRecordFieldResolver(w.r.app, c, w.r.requestInfo, true)
	expr, err := search.FilterData(rule).BuildExpr(ruleResolver)
	if err != nil {
		return nil, fmt.Errorf("invalid list rule of collection %q: %w", c.Name, err)
	}
	return func(alias string) dbx.Expression {
		return &listRuleExists{table: c.Name, outer: alias, rule: expr, resolver: ruleResolver}
	}, nil
}

// guarded adds the list guard (if any) of the joined alias to on.
func guarded(on dbx.Expression, guard func(alias string) dbx.Expression, alias string) dbx.Expression {
	if guard == nil {
		return on
	}
	return dbx.And(on, guard(alias))
}

// listRuleExists renders "the row of outer passes the list rule":
//
//	EXISTS (SELECT 1 FROM table <rule joins> WHERE table.id = outer.id AND (rule))
type listRuleExists struct {
	table    string
	outer    string
	rule     dbx.Expression
	resolver *RecordFieldResolver
}

// Build implements dbx.Expression.
func (e *listRuleExists) Build(db *dbx.DB, params dbx.Params) string {
	var b strings.Builder
	b.WriteString("EXISTS (SELECT 1 FROM {{" + e.table + "}}")
	for _, j := range e.resolver.joins {
		b.WriteString(" LEFT JOIN " + j.table + " {{" + j.alias + "}} ON " + j.on.Build(db, params))
	}
	for k, v := range e.resolver.joinParams {
		params[k] = v
	}
	b.WriteString(" WHERE " + col(e.table, FieldNameId) + " = " + col(e.outer, FieldNameId))
	if rule := e.rule.Build(db, params); rule != "" {
		b.WriteString(" AND (" + rule + ")")
	}
	b.WriteString(")")
	return b.String()
}

// hasUniqueIndexOn reports whether the collection has a unique index on
// exactly the one column.
func hasUniqueIndexOn(c *Collection, column string) bool {
	for _, raw := range c.Indexes {
		idx := ParseIndex(raw)
		if idx.Unique && len(idx.Columns) == 1 && strings.EqualFold(trimQuotes(idx.Columns[0].Name), column) {
			return true
		}
	}
	return false
}

// jsonPath reads rest as a path inside a JSON (or geoPoint) field.
func (w *fieldWalk) jsonPath(field Field, rest []string) (*search.ResolverResult, error) {
	rest = append([]string(nil), rest...)
	name, modifier, err := splitModifier(rest[len(rest)-1])
	if err != nil {
		return nil, err
	}
	if modifier != "" && modifier != modifierLower {
		return nil, fmt.Errorf("the :%s modifier is not supported on JSON paths", modifier)
	}
	rest[len(rest)-1] = name
	var path strings.Builder
	path.WriteString("$")
	for _, p := range rest {
		// parts are written into the SQL text: only word characters
		if !jsonPathPartRegex.MatchString(p) {
			return nil, fmt.Errorf("invalid JSON path part %q", p)
		}
		if arrayIndexRegex.MatchString(p) {
			path.WriteString("[" + p + "]")
		} else {
			path.WriteString("." + p)
		}
	}
	d := w.r.Dialect()
	ident := d.JSONExtract(col(w.alias, field.GetName()), path.String())
	mmValue := d.JSONExtract(col(w.mmAlias, field.GetName()), path.String())
	if modifier == modifierLower {
		ident, mmValue = d.Lower(ident), d.Lower(mmValue)
	}
	res := w.result(ident, mmValue)
	res.NullFallback = search.NullFallbackDisabled
	return res, nil
}

// last resolves the final field of a path with its modifier.
func (w *fieldWalk) last(prop string) (*search.ResolverResult, error) {
	name, modifier, err := splitModifier(prop)
	if err != nil {
		return nil, err
	}
	if modifier == modifierChanged {
		return nil, fmt.Errorf("the :changed modifier is available only for @request.body fields")
	}
	field := w.collection.Fields.GetByName(name)
	if field == nil {
		return w.missing("unknown field %q", name)
	}
	if field.GetHidden() && !w.allowHidden {
		return nil, fmt.Errorf("non-filterable field %q", name)
	}
	d := w.r.Dialect()
	column, mmColumn := col(w.alias, name), col(w.mmAlias, name)
	mv, isMulti := field.(MultiValuer)

	switch {
	case modifier == modifierLength && isMulti:
		return w.result(d.JSONArrayLength(column), d.JSONArrayLength(mmColumn)), nil
	case modifier == modifierEach && isMulti:
		je := w.r.registerJoin(w.key+"."+name+":each", d.JSONEach(column), nil, nil)
		if mv.IsMultiple() {
			w.multi = true
		}
		mmValue := ""
		if w.multi {
			mmJe := search.NewAlias("__mm")
			w.mm.Joins = append(w.mm.Joins, search.Join{Table: d.JSONEach(mmColumn), Alias: mmJe})
			mmValue = d.JSONEachValue(mmJe)
		}
		return w.result(d.JSONEachValue(je), mmValue), nil
	case modifier == modifierEach || modifier == modifierLength:
		return nil, fmt.Errorf("the :%s modifier needs a select, file or relation field (%q)", modifier, name)
	}

	ident, mmValue := column, mmColumn
	nullFallback := search.NullFallbackAuto
	if field.Type() == FieldTypeJSON {
		// read the JSON value so that top-level scalars compare as SQL values
		ident, mmValue = d.JSONExtract(column, "$"), d.JSONExtract(mmColumn, "$")
		nullFallback = search.NullFallbackDisabled
	}
	if modifier == modifierLower {
		ident, mmValue = d.Lower(ident), d.Lower(mmValue)
	}
	res := w.result(ident, mmValue)
	res.NullFallback = nullFallback

	// without access to hidden data, an auth email is matched only when
	// its owner made it public
	if name == FieldNameEmail && !w.allowHidden && w.collection.IsAuth() {
		visibility := col(w.alias, FieldNameEmailVisibility)
		res.AfterBuild = func(expr dbx.Expression) dbx.Expression {
			return dbx.Enclose(dbx.And(expr, dbx.NewExp(visibility+" = TRUE")))
		}
	}
	return res, nil
}

// resolveCollectionField resolves "@collection.name[:alias].field...": a
// join (without condition) on any collection; plain operators then require
// every row of it to match.
func (r *RecordFieldResolver) resolveCollectionField(field string, props []string) (*search.ResolverResult, error) {
	if len(props) < 3 {
		return nil, fmt.Errorf("invalid @collection field %q", field)
	}
	name, alias, _ := strings.Cut(props[1], ":")
	c, err := r.loadCollection(name)
	if err != nil {
		return nil, fmt.Errorf("unknown collection in %q", field)
	}
	w := r.newWalk(true, false)
	w.jump(c, "@collection."+c.Name+":"+alias, nil, nil)
	w.multi = true
	return w.walk(props[2:])
}

// resolveRequestField resolves "@request.*".
func (r *RecordFieldResolver) resolveRequestField(field string, props []string) (*search.ResolverResult, error) {
	switch props[1] {
	case "auth":
		return r.resolveAuthField(props)
	case "body":
		return r.resolveBodyField(props)
	}
	return r.resolveStaticRequestField(props[1:])
}

// resolveAuthField reads the id, collection and email state of the auth
// record from the request; any other field joins the auth record's row so
// that its relations can be followed. A guest's fields are all NULL.
func (r *RecordFieldResolver) resolveAuthField(props []string) (*search.ResolverResult, error) {
	info := r.requestInfo
	if info == nil || info.Auth == nil || info.Auth.Collection() == nil {
		return nullResult(), nil
	}
	if len(props) == 3 {
		if name, _, err := splitModifier(props[2]); err == nil && plainAuthFields[name] {
			return r.resolveStaticRequestField(props[1:])
		}
	}
	authCol := info.Auth.Collection()
	if !isSafeIdentifier(authCol.Name) {
		return nil, fmt.Errorf("invalid auth collection %q", authCol.Name)
	}
	idParam := search.NewParamName()
	w := r.newWalk(true, true)
	w.jump(authCol, "@request.auth", func(a string) dbx.Expression {
		return dbx.NewExp(col(a, FieldNameId) + " = {:" + idParam + "}")
	}, dbx.Params{idParam: info.Auth.Id})
	return w.walk(props[2:])
}

// resolveBodyField resolves "@request.body.*": submitted values, and for
// fields of the collection the relation paths and modifiers on them.
func (r *RecordFieldResolver) resolveBodyField(props []string) (*search.ResolverResult, error) {
	name, modifier, err := splitModifier(props[2])
	if err != nil {
		return nil, err
	}
	field := r.baseCollection.Fields.GetByName(name)
	var body map[string]any
	if r.requestInfo != nil {
		body = r.requestInfo.Body
	}
	if field != nil {
		if rel, ok := field.(*RelationField); ok && len(props) > 3 {
			return r.resolveBodyRelation(rel, body, props[3:])
		}
		if len(props) == 3 {
			switch modifier {
			case modifierEach:
				return r.resolveBodyEach(field, body)
			case modifierLength:
				if _, ok := field.(MultiValuer); !ok {
					return nil, fmt.Errorf("field %q: %w", name, errNotMultiValue)
				}
				return &search.ResolverResult{Identifier: strconv.Itoa(len(requestBodyItems(body[name])))}, nil
			case modifierChanged:
				return r.resolveBodyChanged(field, body)
			}
		}
	}
	if modifier == modifierChanged {
		// nothing stored to differ from
		return &search.ResolverResult{Identifier: "FALSE"}, nil
	}
	return r.resolveStaticRequestField(props[1:])
}

// resolveBodyRelation follows a relation through the submitted ids
// ("@request.body.author.role").
func (r *RecordFieldResolver) resolveBodyRelation(rel *RelationField, body map[string]any, rest []string) (*search.ResolverResult, error) {
	relCol, err := r.loadCollection(rel.CollectionId)
	if err != nil {
		return nil, fmt.Errorf("failed to load the collection of relation %q", rel.Name)
	}
	ids := fieldStrings(body[rel.Name])
	if len(ids) == 0 {
		return nullResult(), nil
	}
	params := dbx.Params{}
	holders := make([]string, len(ids))
	for i, id := range ids {
		p := search.NewParamName()
		params[p] = id
		holders[i] = "{:" + p + "}"
	}
	in := strings.Join(holders, ", ")
	w := r.newWalk(true, true)
	w.jump(relCol, "@request.body."+rel.Name, func(a string) dbx.Expression {
		return dbx.NewExp(col(a, FieldNameId) + " IN (" + in + ")")
	}, params)
	if rel.IsMultiple() {
		w.multi = true
	}
	return w.walk(rest)
}

// resolveBodyEach makes the submitted items of a multi-value field rows of
// a joined json_each, so that plain operators check every item.
func (r *RecordFieldResolver) resolveBodyEach(field Field, body map[string]any) (*search.ResolverResult, error) {
	mv, ok := field.(MultiValuer)
	if !ok {
		return nil, fmt.Errorf("field %q: %w", field.GetName(), errNotMultiValue)
	}
	raw, err := json.Marshal(requestBodyItems(body[field.GetName()]))
	if err != nil {
		return nil, fmt.Errorf("cannot serialize the submitted %q: %w", field.GetName(), err)
	}
	d := r.Dialect()
	p := search.NewParamName()
	je := r.registerJoin("@request.body."+field.GetName()+":each", d.JSONEach("{:"+p+"}"), nil, dbx.Params{p: string(raw)})
	res := &search.ResolverResult{Identifier: d.JSONEachValue(je)}
	if mv.IsMultiple() {
		w := r.newWalk(true, true)
		mmJe := search.NewAlias("__mm")
		p2 := search.NewParamName()
		w.mm.Joins = append(w.mm.Joins, search.Join{Table: d.JSONEach("{:" + p2 + "}"), Alias: mmJe})
		w.mm.Params[p2] = string(raw)
		w.mm.Value = d.JSONEachValue(mmJe)
		res.MultiMatchSubQuery = w.mm
	}
	return res, nil
}

// resolveBodyChanged is true when the field was submitted with a value
// that differs from the stored one (compared in stored form).
func (r *RecordFieldResolver) resolveBodyChanged(field Field, body map[string]any) (*search.ResolverResult, error) {
	raw, submitted := body[field.GetName()]
	if !submitted {
		return &search.ResolverResult{Identifier: "FALSE"}, nil
	}
	scratch := NewRecord(r.baseCollection)
	scratch.Set(field.GetName(), raw)
	value, err := fieldDriverValue(field, scratch)
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", field.GetName(), err)
	}
	p := search.NewParamName()
	left, right := "{:"+p+"}", col(r.baseTable, field.GetName())
	if field.Type() == FieldTypeJSON {
		// compare normalised JSON texts, not their formatting
		norm := func(x string) string {
			return "(CASE WHEN json_valid(" + x + ") THEN json(" + x + ") ELSE " + x + " END)"
		}
		left, right = norm(left), norm(right)
	}
	return &search.ResolverResult{
		Identifier:   "(CASE WHEN " + left + " IS " + right + " THEN FALSE ELSE TRUE END)",
		Params:       dbx.Params{p: value},
		NullFallback: search.NullFallbackDisabled,
	}, nil
}
