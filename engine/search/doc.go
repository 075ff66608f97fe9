// Package search turns PocketBase-style filter and sort expressions into
// parameterised SQL for github.com/pocketbase/dbx, and runs paginated list
// queries with them.
//
// The pipeline is:
//
//	filter text --Parse--> AST (cached per text) --Build + FieldResolver--> dbx.Expression
//
// Every literal of the filter (strings, numbers, macros, {:placeholders}) is
// bound as a dbx parameter with a generated unique name; SQL identifiers come
// only from the FieldResolver, which knows the schema. SQL that differs between
// database engines lives behind the Dialect interface (SQLite only for now).
//
// This package is a leaf: it knows nothing about collections or records. The
// record-aware resolver (relations, @request.*, @collection.*, modifiers) is
// implemented elsewhere against FieldResolver.
package search
