// Package typesgen generates types.d.ts, the TypeScript declarations of
// everything the JS hooks and migrations see.
package typesgen

// Generate returns the content of types.d.ts.
func Generate() string { return "" }
