package core

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/validation"
)

// FieldsList is the ordered list of a collection's fields.
type FieldsList []Field

// NewFieldsList returns a list with the given fields.
func NewFieldsList(fields ...Field) FieldsList {
	list := FieldsList{}
	list.Add(fields...)
	return list
}

// Clone deep-copies the list through JSON, so changes don't leak between
// a collection and its original copy.
func (list FieldsList) Clone() (FieldsList, error) {
	raw, err := json.Marshal(list)
	if err != nil {
		return nil, err
	}
	out := FieldsList{}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FieldNames returns the names in order.
func (list FieldsList) FieldNames() []string {
	names := make([]string, len(list))
	for i, f := range list {
		names[i] = f.GetName()
	}
	return names
}

// AsMap returns the fields by name.
func (list FieldsList) AsMap() map[string]Field {
	m := make(map[string]Field, len(list))
	for _, f := range list {
		m[f.GetName()] = f
	}
	return m
}

// GetById returns the field with the id, or nil.
func (list FieldsList) GetById(id string) Field {
	for _, f := range list {
		if f.GetId() == id {
			return f
		}
	}
	return nil
}

// GetByName returns the field with the name, or nil.
func (list FieldsList) GetByName(name string) Field {
	for _, f := range list {
		if f.GetName() == name {
			return f
		}
	}
	return nil
}

// RemoveById removes the field with the id.
func (list *FieldsList) RemoveById(id string) {
	out := (*list)[:0:0]
	for _, f := range *list {
		if f.GetId() != id {
			out = append(out, f)
		}
	}
	*list = out
}

// RemoveByName removes the field with the name.
func (list *FieldsList) RemoveByName(name string) {
	out := (*list)[:0:0]
	for _, f := range *list {
		if f.GetName() != name {
			out = append(out, f)
		}
	}
	*list = out
}

// Add appends fields, replacing in place a field with the same id (or, for
// fields without an id, the same name). Missing ids are generated.
func (list *FieldsList) Add(fields ...Field) {
	for _, f := range fields {
		list.AddAt(len(*list), f)
	}
}

// AddAt inserts a field at pos, or replaces in place an existing field with
// the same id (or name when the new field has no id).
func (list *FieldsList) AddAt(pos int, f Field) {
	if f == nil {
		return
	}
	if f.GetId() == "" {
		if existing := list.GetByName(f.GetName()); existing != nil {
			f.SetId(existing.GetId())
		} else {
			f.SetId(DefaultFieldId(f.Type(), f.GetName()))
		}
	}
	for i, existing := range *list {
		if existing.GetId() == f.GetId() {
			(*list)[i] = f
			return
		}
	}
	if pos < 0 {
		pos = 0
	}
	if pos > len(*list) {
		pos = len(*list)
	}
	*list = append(*list, nil)
	copy((*list)[pos+1:], (*list)[pos:])
	(*list)[pos] = f
}

// AddMarshaledJSON adds fields from a JSON object or array of objects.
func (list *FieldsList) AddMarshaledJSON(raw []byte) error {
	if len(raw) > 0 && raw[0] == '{' {
		raw = append(append([]byte{'['}, raw...), ']')
	}
	var more FieldsList
	if err := json.Unmarshal(raw, &more); err != nil {
		return err
	}
	list.Add(more...)
	return nil
}

// MarshalJSON renders the list as an array (never null).
func (list FieldsList) MarshalJSON() ([]byte, error) {
	if list == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Field(list))
}

// ErrUnknownFieldType is returned when a payload names an unknown type.
type ErrUnknownFieldType struct{ Type string }

func (e *ErrUnknownFieldType) Error() string { return fmt.Sprintf("unknown field type %q", e.Type) }

// UnmarshalJSON decodes an array of field objects using their "type".
func (list *FieldsList) UnmarshalJSON(data []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return err
	}
	out := make(FieldsList, 0, len(items))
	for _, item := range items {
		var head struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(item, &head); err != nil {
			return err
		}
		f, err := NewFieldByType(head.Type)
		if err != nil {
			return &ErrUnknownFieldType{Type: head.Type}
		}
		if err := json.Unmarshal(item, f); err != nil {
			return fmt.Errorf("field %q: %w", head.Type, err)
		}
		out.AddAt(len(out), f)
	}
	*list = out
	return nil
}

// Scan reads the list from the _collections.fields JSON column.
func (list *FieldsList) Scan(value any) error {
	var raw []byte
	switch v := value.(type) {
	case nil:
		*list = FieldsList{}
		return nil
	case string:
		raw = []byte(v)
	case []byte:
		raw = v
	default:
		return fmt.Errorf("cannot scan %T into FieldsList", value)
	}
	if len(raw) == 0 {
		*list = FieldsList{}
		return nil
	}
	return list.UnmarshalJSON(raw)
}

// validateUniqueness checks ids and names (names case-insensitively).
func (list FieldsList) validateUniqueness() error {
	errs := validation.Errors{}
	ids := map[string]bool{}
	names := map[string]bool{}
	for i, f := range list {
		key := fmt.Sprint(i)
		if ids[f.GetId()] {
			errs[key] = validation.Errors{"id": validation.NewError("validation_duplicated_field_id", "Duplicated or invalid field id.")}
			continue
		}
		ids[f.GetId()] = true
		lower := strings.ToLower(f.GetName())
		if names[lower] {
			errs[key] = validation.Errors{"name": validation.NewError("validation_duplicated_field_name", "Duplicated or invalid field name.")}
			continue
		}
		names[lower] = true
	}
	return errs.Filter()
}
