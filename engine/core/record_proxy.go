package core

import "time"

// RecordProxy is a typed view of a record (an OTP, an MFA session) that
// Save, Delete and Validate accept like the record itself.
type RecordProxy interface {
	ProxyRecord() *Record
}

// unproxy returns the record behind a RecordProxy, else the model as is.
func unproxy(model Model) Model {
	if p, ok := model.(RecordProxy); ok && p.ProxyRecord() != nil {
		return p.ProxyRecord()
	}
	return model
}

// OTP is a row of _otps: a one-time password of an auth record.
type OTP struct{ *Record }

// ProxyRecord implements RecordProxy.
func (m *OTP) ProxyRecord() *Record { return m.Record }

// CollectionRef is the id of the auth record's collection.
func (m *OTP) CollectionRef() string { return m.GetString("collectionRef") }

// RecordRef is the auth record's id.
func (m *OTP) RecordRef() string { return m.GetString("recordRef") }

// SentTo is the first address the code was mailed to ("" when none).
func (m *OTP) SentTo() string { return m.GetString("sentTo") }

// SetSentTo sets the address the code was mailed to.
func (m *OTP) SetSentTo(address string) { m.Set("sentTo", address) }

// HasExpired reports whether the OTP is older than maxElapsed.
func (m *OTP) HasExpired(maxElapsed time.Duration) bool { return RecordExpired(m.Record, maxElapsed) }

// MFA is a row of _mfas: a first factor waiting for a second one.
type MFA struct{ *Record }

// ProxyRecord implements RecordProxy.
func (m *MFA) ProxyRecord() *Record { return m.Record }

// CollectionRef is the id of the auth record's collection.
func (m *MFA) CollectionRef() string { return m.GetString("collectionRef") }

// RecordRef is the auth record's id.
func (m *MFA) RecordRef() string { return m.GetString("recordRef") }

// Method is the auth method of the first factor ("password", "otp", "oauth2").
func (m *MFA) Method() string { return m.GetString("method") }

// HasExpired reports whether the session is older than maxElapsed.
func (m *MFA) HasExpired(maxElapsed time.Duration) bool { return RecordExpired(m.Record, maxElapsed) }
