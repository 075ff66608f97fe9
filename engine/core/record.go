package core

import (
	"encoding/json"
	"maps"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/spf13/cast"
)

// Record is one row of a collection with its normalised field values.
type Record struct {
	// Id is the record's primary key (the "id" field).
	Id string

	collection *Collection
	data       map[string]any // current values by field name (and custom keys)
	original   map[string]any // values as last loaded or saved
	expand     map[string]any

	// visibility overrides by field name (true = force shown).
	customVisibility      map[string]bool
	ignoreEmailVisibility bool
	exportUnknown         bool

	isNew       bool
	lastSavedPK string
	// generatedId is the id saveRecord generated (not one a client chose),
	// which needs no uniqueness lookup: the primary key constraint backs it.
	generatedId string
}

// NewRecord returns a new, unsaved record with every field at its zero value.
func NewRecord(collection *Collection) *Record {
	r := &Record{collection: collection, data: map[string]any{}, isNew: true}
	for _, f := range collection.Fields {
		if f.GetName() == FieldNameId {
			continue
		}
		v, _ := f.PrepareValue(r, nil)
		r.data[f.GetName()] = v
	}
	r.original = maps.Clone(r.data)
	return r
}

// Collection is the record's collection.
func (r *Record) Collection() *Collection { return r.collection }

// TableName is the collection table.
func (r *Record) TableName() string { return r.collection.Name }

// PK is the record id.
func (r *Record) PK() any { return r.Id }

// LastSavedPK is the id the record has in the database.
func (r *Record) LastSavedPK() any { return r.lastSavedPK }

// IsNew reports whether the record is not stored yet.
func (r *Record) IsNew() bool { return r.isNew }

// MarkAsNew flags the record as unsaved.
func (r *Record) MarkAsNew() { r.isNew = true; r.lastSavedPK = "" }

// MarkAsNotNew flags the record as stored with its current id.
func (r *Record) MarkAsNotNew() { r.isNew = false; r.lastSavedPK = r.Id }

// Set assigns a value through the field's setter, honouring modifiers
// ("tags+", "+tags", "tags-", "title:autogenerate"). Keys that are no field
// are kept as custom data (not stored, exported only with WithCustomData).
func (r *Record) Set(key string, value any) {
	if key == FieldNameId {
		r.Id = cast.ToString(value)
		return
	}
	for _, f := range r.collection.Fields {
		if sf, ok := f.(SetterFinder); ok {
			if setter := sf.FindSetter(key); setter != nil {
				setter(r, value)
				return
			}
		} else if f.GetName() == key {
			v, _ := f.PrepareValue(r, value)
			r.data[key] = v
			return
		}
	}
	r.data[key] = value
}

// SetRaw stores a value as is, without normalisation.
func (r *Record) SetRaw(key string, value any) {
	if key == FieldNameId {
		r.Id = cast.ToString(value)
		return
	}
	r.data[key] = value
}

// Load sets several values.
func (r *Record) Load(data map[string]any) {
	for k, v := range data {
		r.Set(k, v)
	}
}

// Get returns a field value (or a getter modifier such as "avatar:uploaded").
func (r *Record) Get(key string) any {
	if key == FieldNameId {
		return r.Id
	}
	// Fields may answer any key (e.g. "password" gives the plain text being
	// set, "avatar:uploaded" the new files).
	for _, f := range r.collection.Fields {
		if gf, ok := f.(GetterFinder); ok {
			if getter := gf.FindGetter(key); getter != nil {
				return getter(r)
			}
		}
	}
	return r.data[key]
}

// GetRaw returns the stored value of key without getters.
func (r *Record) GetRaw(key string) any {
	if key == FieldNameId {
		return r.Id
	}
	return r.data[key]
}

// Typed getters.
func (r *Record) GetString(key string) string        { return cast.ToString(r.Get(key)) }
func (r *Record) GetBool(key string) bool            { return cast.ToBool(r.Get(key)) }
func (r *Record) GetInt(key string) int              { return cast.ToInt(r.Get(key)) }
func (r *Record) GetFloat(key string) float64        { return cast.ToFloat64(r.Get(key)) }
func (r *Record) GetStringSlice(key string) []string { return toStringSlice(r.Get(key)) }

// GetDateTime returns a date value (zero when unset or invalid).
func (r *Record) GetDateTime(key string) types.DateTime {
	d, _ := types.ParseDateTime(r.Get(key))
	return d
}

// GetGeoPoint returns a geoPoint value.
func (r *Record) GetGeoPoint(key string) types.GeoPoint {
	switch v := r.Get(key).(type) {
	case types.GeoPoint:
		return v
	case *types.GeoPoint:
		if v != nil {
			return *v
		}
	}
	return types.GeoPoint{}
}

// Original returns a copy of the record as it was last loaded or saved.
func (r *Record) Original() *Record {
	o := r.Clone()
	o.data = maps.Clone(r.original)
	o.Id = r.lastSavedPK
	if o.Id == "" {
		o.Id = r.Id
	}
	return o
}

// Clone returns a shallow copy (values are copied by reference, except
// slices, which are duplicated so that modifiers don't alias).
func (r *Record) Clone() *Record {
	c := *r
	c.data = cloneValues(r.data)
	c.original = cloneValues(r.original)
	c.expand = maps.Clone(r.expand)
	c.customVisibility = maps.Clone(r.customVisibility)
	return &c
}

// Fresh returns a copy with only the field values (no expand or custom data).
func (r *Record) Fresh() *Record {
	c := r.Clone()
	c.expand = nil
	c.customVisibility = nil
	c.exportUnknown = false
	for k := range c.data {
		if r.collection.Fields.GetByName(k) == nil {
			delete(c.data, k)
		}
	}
	return c
}

func cloneValues(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if s, ok := v.([]string); ok {
			v = append([]string(nil), s...)
		}
		out[k] = v
	}
	return out
}

// IsChanged reports whether a field differs from its original value.
func (r *Record) IsChanged(key string) bool {
	if key == FieldNameId {
		return r.Id != r.lastSavedPK
	}
	a, _ := json.Marshal(r.data[key])
	b, _ := json.Marshal(r.original[key])
	return string(a) != string(b)
}

// markSaved makes the current values the original ones.
func (r *Record) markSaved() {
	r.original = cloneValues(r.data)
	r.MarkAsNotNew()
}

// Expand returns the expanded relations.
func (r *Record) Expand() map[string]any { return maps.Clone(r.expand) }

// SetExpand replaces the expanded relations.
// A set expand, even empty, is rendered ("expand": {}), as in PocketBase.
func (r *Record) SetExpand(expand map[string]any) {
	r.expand = maps.Clone(expand)
	if r.expand == nil {
		r.expand = map[string]any{}
	}
}

// MergeExpand adds expanded relations, merging nested expands.
func (r *Record) MergeExpand(expand map[string]any) {
	if len(expand) == 0 {
		return
	}
	if r.expand == nil {
		r.expand = map[string]any{}
	}
	for k, v := range expand {
		r.expand[k] = v
	}
}

// ExpandedOne returns a single expanded relation record, or nil.
func (r *Record) ExpandedOne(relField string) *Record {
	switch v := r.expand[relField].(type) {
	case *Record:
		return v
	case []*Record:
		if len(v) > 0 {
			return v[0]
		}
	}
	return nil
}

// ExpandedAll returns the expanded relation records.
func (r *Record) ExpandedAll(relField string) []*Record {
	switch v := r.expand[relField].(type) {
	case *Record:
		return []*Record{v}
	case []*Record:
		return v
	}
	return nil
}

// Hide forces fields to be left out of the JSON.
func (r *Record) Hide(fieldNames ...string) *Record {
	if r.customVisibility == nil {
		r.customVisibility = map[string]bool{}
	}
	for _, n := range fieldNames {
		r.customVisibility[n] = false
	}
	return r
}

// Unhide forces hidden fields to be included in the JSON.
func (r *Record) Unhide(fieldNames ...string) *Record {
	if r.customVisibility == nil {
		r.customVisibility = map[string]bool{}
	}
	for _, n := range fieldNames {
		r.customVisibility[n] = true
	}
	return r
}

// IgnoreEmailVisibility exports the email even when emailVisibility is off.
func (r *Record) IgnoreEmailVisibility(state bool) *Record {
	r.ignoreEmailVisibility = state
	return r
}

// WithCustomData exports keys that are not fields (set by hooks).
func (r *Record) WithCustomData(state bool) *Record {
	r.exportUnknown = state
	return r
}

// PublicExport is the record as clients see it: fields minus hidden ones
// and the password/tokenKey, email only when visible, plus collection info
// and expand when present.
func (r *Record) PublicExport() map[string]any {
	var buf [24]exportPair
	pairs := r.publicPairs(buf[:0])
	out := make(map[string]any, len(pairs))
	for _, p := range pairs {
		out[p.key] = p.value
	}
	return out
}

// exportValue renders a value for JSON: zero dates become "" and missing
// multi-values become [] (never null), as clients expect.
func exportValue(f Field, v any) any {
	if v == nil {
		if mv, ok := f.(MultiValuer); ok && mv.IsMultiple() {
			return []string{}
		}
	}
	return v
}

// MarshalJSON renders PublicExport (see AppendJSON).
func (r *Record) MarshalJSON() ([]byte, error) { return r.AppendJSON(make([]byte, 0, 512)) }

// UnmarshalJSON loads values through Set.
func (r *Record) UnmarshalJSON(data []byte) error {
	m := map[string]any{}
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	r.Load(m)
	return nil
}

// String returns the id.
func (r *Record) String() string { return r.Id }

func toStringSlice(v any) []string {
	switch val := v.(type) {
	case nil:
		return []string{}
	case []string:
		return val
	case string:
		if val == "" {
			return []string{}
		}
		if strings.HasPrefix(val, "[") {
			var arr []string
			if json.Unmarshal([]byte(val), &arr) == nil {
				return arr
			}
		}
		return []string{val}
	case []any:
		out := make([]string, 0, len(val))
		for _, item := range val {
			out = append(out, cast.ToString(item))
		}
		return out
	default:
		return cast.ToStringSlice(v)
	}
}
