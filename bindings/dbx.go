package bindings

import (
	"github.com/hookbase/hookbase/jsvm"
	"github.com/pocketbase/dbx"
)

// installDbx defines $dbx, the query expression builders of dbx.
func installDbx(rt *jsvm.Runtime) error {
	return rt.VM.Set("$dbx", map[string]any{
		"exp":     func(sql string, params map[string]any) dbx.Expression { return dbx.NewExp(sql, dbx.Params(params)) },
		"hashExp": func(m map[string]any) dbx.Expression { return dbx.HashExp(m) },
		"and":     func(exps ...dbx.Expression) dbx.Expression { return dbx.And(exps...) },
		"or":      func(exps ...dbx.Expression) dbx.Expression { return dbx.Or(exps...) },
		"not":     func(e dbx.Expression) dbx.Expression { return dbx.Not(e) },
		"in":      func(col string, values ...any) dbx.Expression { return dbx.In(col, values...) },
		"notIn":   func(col string, values ...any) dbx.Expression { return dbx.NotIn(col, values...) },
		"like":    func(col string, values ...string) dbx.Expression { return dbx.Like(col, values...) },
		"notLike": func(col string, values ...string) dbx.Expression { return dbx.NotLike(col, values...) },
		"orLike":  func(col string, values ...string) dbx.Expression { return dbx.OrLike(col, values...) },
		"orNotLike": func(col string, values ...string) dbx.Expression {
			return dbx.OrNotLike(col, values...)
		},
		"exists":     func(e dbx.Expression) dbx.Expression { return dbx.Exists(e) },
		"notExists":  func(e dbx.Expression) dbx.Expression { return dbx.NotExists(e) },
		"between":    func(col string, from, to any) dbx.Expression { return dbx.Between(col, from, to) },
		"notBetween": func(col string, from, to any) dbx.Expression { return dbx.NotBetween(col, from, to) },
		"isNull": func(col string) dbx.Expression {
			return dbx.NewExp("[[" + col + "]] IS NULL")
		},
	})
}
