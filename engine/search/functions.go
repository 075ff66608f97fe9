package search

import "github.com/pocketbase/dbx"

// filterFunctions are the functions callable in a filter. Arguments arrive
// unresolved so that each function can restrict which kinds it accepts.
var filterFunctions map[string]func(b *builder, args []Operand) (*ResolverResult, error)

func init() {
	// assigned in init because the functions resolve their arguments through
	// builder.operand, which looks functions up here
	filterFunctions = map[string]func(b *builder, args []Operand) (*ResolverResult, error){
		"geoDistance": geoDistanceFunc,
		"strftime":    strftimeFunc,
	}
}

// geoDistance(lonA, latA, lonB, latB) is the haversine distance in km. Its
// result is one value per joined row, so on multi-valued arguments it acts
// as "any" even with plain operators (PocketBase behaviour).
func geoDistanceFunc(b *builder, args []Operand) (*ResolverResult, error) {
	if len(args) != 4 {
		return nil, buildErrorf(nil, "geoDistance expects 4 arguments, got %d", len(args))
	}
	resolved := make([]*ResolverResult, 4)
	for i, a := range args {
		switch a.(type) {
		case *Identifier, *NumberLit, *Placeholder, *NullLit:
		default:
			return nil, buildErrorf(nil, "geoDistance argument %d must be a field or a number", i+1)
		}
		r, err := b.operand(a)
		if err != nil {
			return nil, err
		}
		resolved[i] = r
	}
	return &ResolverResult{
		Identifier: b.dialect.GeoDistance(
			resolved[0].Identifier, resolved[1].Identifier,
			resolved[2].Identifier, resolved[3].Identifier,
		),
		Params:       mergeParams(resolved[0].Params, resolved[1].Params, resolved[2].Params, resolved[3].Params),
		NullFallback: NullFallbackDisabled,
	}, nil
}

// strftime(format, [timeValue, modifiers...]) formats a time like SQLite's
// strftime. A NULL result is normalised like an empty text (Enforced). On a
// multi-valued time value each item is formatted, so plain operators still
// require every item to match.
func strftimeFunc(b *builder, args []Operand) (*ResolverResult, error) {
	if len(args) < 1 {
		return nil, buildErrorf(nil, "strftime expects at least 1 argument")
	}
	format, ok := args[0].(*StringLit)
	if !ok {
		return nil, buildErrorf(nil, "strftime expects a format string as first argument")
	}
	formatRes, err := b.operand(format)
	if err != nil {
		return nil, err
	}
	sa := StrftimeArgs{FormatSQL: formatRes.Identifier, FormatLiteral: format.Value}
	params := mergeParams(formatRes.Params)

	if len(args) == 1 {
		return &ResolverResult{Identifier: b.dialect.Strftime(sa), Params: params, NullFallback: NullFallbackEnforced}, nil
	}

	switch args[1].(type) {
	case *StringLit, *Identifier, *NumberLit, *Placeholder, *MacroLit:
	default:
		return nil, buildErrorf(nil, "strftime expects a time value (string, number or field) as second argument")
	}
	timeRes, err := b.operand(args[1])
	if err != nil {
		return nil, err
	}

	modParams := dbx.Params{}
	for i, a := range args[2:] {
		switch a.(type) {
		case *StringLit, *Placeholder:
		default:
			return nil, buildErrorf(nil, "strftime modifier %d must be a string", i+1)
		}
		m, err := b.operand(a)
		if err != nil {
			return nil, err
		}
		sa.Modifiers = append(sa.Modifiers, m.Identifier)
		modParams = mergeParams(modParams, m.Params)
	}

	sa.TimeValue = timeRes.Identifier
	result := &ResolverResult{
		Identifier:   b.dialect.Strftime(sa),
		Params:       mergeParams(params, timeRes.Params, modParams),
		NullFallback: NullFallbackEnforced,
		AfterBuild:   timeRes.AfterBuild,
	}
	if timeRes.MultiMatchSubQuery != nil {
		itemArgs := sa
		itemArgs.TimeValue = timeRes.MultiMatchSubQuery.Value
		result.MultiMatchSubQuery = timeRes.MultiMatchSubQuery.withValue(
			b.dialect.Strftime(itemArgs), mergeParams(params, modParams),
		)
	}
	return result, nil
}
