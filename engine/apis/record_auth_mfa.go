package apis

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/pocketbase/dbx"
)

// checkMFA runs the collection's MFA for a login by method. It returns a
// new mfaId when this is a first factor (the caller answers 401 {mfaId}),
// "" when the login may complete (MFA off, not wanted by mfa.rule, or a
// valid second factor of another method), or a 400 error.
// An empty method (refresh, impersonate) skips MFA, as in PocketBase: those
// routes need a token that only a completed login hands out.
func checkMFA(e *core.RequestEvent, record *core.Record, method string) (string, error) {
	c := record.Collection()
	if method == "" || c.MFA == nil || !c.MFA.Enabled {
		return "", nil
	}
	wanted, err := mfaWanted(e, record)
	if err != nil {
		return "", router.NewBadRequestError("Failed to authenticate.", fmt.Errorf("mfa rule: %w", err))
	}
	if !wanted {
		return "", nil
	}

	mfaId := e.Request.URL.Query().Get("mfaId")
	if mfaId == "" {
		var body struct {
			MFAId string `json:"mfaId"`
		}
		if err := e.BindBody(&body); err != nil {
			return "", err
		}
		mfaId = body.MFAId
	}

	if mfaId == "" {
		mfa, err := e.App.NewMFA(record, method)
		if err != nil {
			return "", err
		}
		if err := e.App.Save(mfa); err != nil {
			return "", fmt.Errorf("save the MFA session: %w", err)
		}
		return mfa.Id, nil
	}

	mfa, err := e.App.FindMFAById(mfaId)
	if err != nil || mfa.HasExpired(durationSeconds(c.MFA.Duration)) {
		if mfa != nil {
			_ = e.App.Delete(mfa)
		}
		return "", router.NewBadRequestError("Invalid or expired MFA session.", nil)
	}
	if mfa.RecordRef() != record.Id || mfa.CollectionRef() != c.Id {
		return "", router.NewBadRequestError("Invalid MFA session.", nil)
	}
	if mfa.Method() == method {
		return "", router.NewBadRequestError("A different authentication method is required.", nil)
	}
	if err := e.App.Delete(mfa); err != nil {
		e.App.Logger().Warn("failed to delete a completed MFA session", "error", err, "mfaId", mfa.Id)
	}
	return "", nil
}

// mfaWanted evaluates mfa.rule against the record ("" means everyone).
// On an error MFA is wanted: the safer answer.
func mfaWanted(e *core.RequestEvent, record *core.Record) (bool, error) {
	c := record.Collection()
	if c.MFA.Rule == "" {
		return true, nil
	}
	info, err := e.RequestInfo()
	if err != nil {
		return true, err
	}
	resolver := core.NewRecordFieldResolver(e.App, c, info, true)
	expr, err := search.FilterData(c.MFA.Rule).BuildExpr(resolver)
	if err != nil {
		return true, err
	}
	q := e.App.RecordQuery(c).Select("(1)").AndWhere(dbx.HashExp{c.Name + ".id": record.Id})
	if err := resolver.UpdateQuery(q); err != nil {
		return true, err
	}
	var exists int
	if err := q.AndWhere(expr).Limit(1).Row(&exists); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return true, err
	}
	return exists > 0, nil
}
