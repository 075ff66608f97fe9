package search

import (
	"fmt"
	"strings"
)

// Special sort keys.
const (
	RandomSortKey = "@random"
	RowidSortKey  = "@rowid"
)

// Sort directions.
const (
	SortAsc  = "ASC"
	SortDesc = "DESC"
)

// SortField is one ORDER BY item: a field name and a direction.
type SortField struct {
	Name      string `json:"name"`
	Direction string `json:"direction"`
}

// ParseSortFromString parses "-created,title,+name,@random": a "-" prefix
// sorts descending, "+" or none ascending. Empty items are skipped.
func ParseSortFromString(str string) []SortField {
	var fields []SortField
	for _, item := range strings.Split(str, ",") {
		item = strings.TrimSpace(item)
		switch {
		case item == "":
		case strings.HasPrefix(item, "-"):
			fields = append(fields, SortField{Name: strings.TrimSpace(item[1:]), Direction: SortDesc})
		default:
			fields = append(fields, SortField{Name: strings.TrimSpace(strings.TrimPrefix(item, "+")), Direction: SortAsc})
		}
	}
	return fields
}

// BuildExpr returns the ORDER BY item for the field. Fields must resolve to a
// plain SQL expression without bound params (a sort by a literal or an
// @request value is refused).
func (s SortField) BuildExpr(r FieldResolver) (string, error) {
	dir := s.direction()
	d := dialectOf(r)
	switch s.Name {
	case RandomSortKey:
		return d.Random(), nil
	case RowidSortKey:
		return d.RowID("") + " " + dir, nil
	}
	if s.Name == "" || len(s.Name) > MaxSortFieldLength {
		return "", buildErrorf(nil, "invalid sort field %q", s.Name)
	}
	res, err := r.Resolve(s.Name)
	if err != nil {
		return "", buildErrorf(err, "invalid sort field %q", s.Name)
	}
	if res == nil || len(res.Params) > 0 || strings.TrimSpace(res.Identifier) == "" ||
		strings.EqualFold(strings.TrimSpace(res.Identifier), "null") {
		return "", buildErrorf(nil, "invalid sort field %q", s.Name)
	}
	return fmt.Sprintf("%s %s", res.Identifier, dir), nil
}

func (s SortField) direction() string {
	if strings.EqualFold(s.Direction, SortDesc) {
		return SortDesc
	}
	return SortAsc
}
