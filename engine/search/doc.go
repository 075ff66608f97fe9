// Package search turns PocketBase-style filter and sort expressions into
// parameterised SQL for github.com/pocketbase/dbx, and runs paginated list
// queries with them.
//
// The pipeline is:
//
//	filter text --Parse--> AST (cached per text) --Build + FieldResolver--> dbx.Expression
//
// Every literal of the filter (strings, numbers, booleans, datetime macros,
// {:placeholders}) is bound as a dbx parameter with a generated unique name;
// SQL identifiers come only from the FieldResolver, which knows the schema.
// SQL that differs between database engines lives behind the Dialect
// interface (SQLite only for now).
//
// This package is a leaf: it knows nothing about collections or records.
//
// # Implementing a record resolver
//
// The record-aware resolver (relations, back-relations, @request.*,
// @collection.*, modifiers) implements FieldResolver elsewhere. Its contract:
//
//   - Resolve receives the identifier exactly as written, modifiers included
//     ("author.name", "tags:length", "@request.body.role:isset",
//     "@collection.posts:p.title"). Macros (@now...), null/true/false,
//     literals and placeholders never reach it.
//   - Values known at build time (@request.* data) are returned as bound
//     params: Identifier "{:name}" with Params{name: value}, name from
//     NewParamName. A nil or "" value lets = and != use the cheaper
//     `x = ” OR x IS NULL` form.
//   - Columns are returned quoted for dbx ("[[alias.column]]"). The joins
//     they need (with aliases from NewAlias or stable per-path names) are
//     remembered and added in UpdateQuery, together with Distinct(true)
//     when a join can multiply rows. The Provider counts with
//     COUNT(DISTINCT main.id), so duplicates never inflate totals.
//   - A multi-valued path (multi relation, back-relation, JSON array with
//     :each) sets MultiMatchSubQuery to a sub-select correlated with the
//     outer row that yields one row per item. The "?" operators then match
//     through the joined Identifier (any item), while plain operators also
//     require that no item fails (and rows without items are excluded by
//     the joined value being NULL, except for `= ""`).
//   - JSON values (json fields, @request.body objects) should use
//     NullFallbackDisabled so NULL is compared with IS / IS NOT.
//   - Errors returned by Resolve become *BuildError (a 400 for clients).
//
// A resolver that implements DialectProvider chooses the Dialect used for
// its expressions; SQLite is the default.
package search
