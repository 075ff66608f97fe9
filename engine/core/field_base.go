package core

// FieldBase holds the options every field type has. The field types embed
// it, so its keys are flattened into their JSON exactly as if each type
// declared them, and its getters/setters complete the Field interface.
//
// It deliberately has no MarshalJSON: a promoted one would replace the
// embedding type's rendering of its own options.
type FieldBase struct {
	Id          string `json:"id"`
	Name        string `json:"name"`
	System      bool   `json:"system"`
	Hidden      bool   `json:"hidden"`
	Presentable bool   `json:"presentable"`
}

// GetId returns the field id.
func (f *FieldBase) GetId() string { return f.Id }

// SetId changes the field id.
func (f *FieldBase) SetId(id string) { f.Id = id }

// GetName returns the field name (the column and JSON key of records).
func (f *FieldBase) GetName() string { return f.Name }

// SetName changes the field name.
func (f *FieldBase) SetName(name string) { f.Name = name }

// GetSystem reports whether the field is a system field (cannot be
// renamed or removed).
func (f *FieldBase) GetSystem() bool { return f.System }

// SetSystem marks the field as a system field or not.
func (f *FieldBase) SetSystem(system bool) { f.System = system }

// GetHidden reports whether the field is left out of API responses.
func (f *FieldBase) GetHidden() bool { return f.Hidden }

// SetHidden hides the field from API responses or shows it.
func (f *FieldBase) SetHidden(hidden bool) { f.Hidden = hidden }
