package list

// SplitOutsideParens splits s on commas that are not inside parentheses,
// e.g. "a, b:excerpt(10,true), (x,y)" → ["a", " b:excerpt(10,true)", " (x,y)"].
// Items are not trimmed.
func SplitOutsideParens(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}
