package mailcapture

import (
	"context"
	"encoding/json"
	"net/http"
	"net/smtp"
	"strconv"
	"testing"
	"time"
)

func TestCapturesAndDecodesOverSMTP(t *testing.T) {
	s := Start(t)
	raw := "From: a@example.com\r\nTo: b@example.com\r\nSubject: =?utf-8?q?Hi_there?=\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n" +
		"--XX\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nplain =\r\nbody\r\n" +
		"--XX\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPGI+aGk8L2I+\r\n--XX--\r\n"
	addr := s.SMTPHost + ":" + strconv.Itoa(s.SMTPPort)
	if err := smtp.SendMail(addr, nil, "a@example.com", []string{"b@example.com"}, []byte(raw)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	m, err := s.Next(ctx, "B@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Hi there" || m.Text != "plain body" || m.HTML != "<b>hi</b>" || m.From != "a@example.com" {
		t.Fatalf("decoded %+v", m)
	}

	// the HTTP inbox lists it; /next has nothing unread left
	resp, err := http.Get(s.URL + "/messages?to=b@example.com")
	if err != nil {
		t.Fatal(err)
	}
	var list []Message
	_ = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list) != 1 || list[0].Raw != raw {
		t.Fatalf("listed %+v", list)
	}
	resp, err = http.Get(s.URL + "/next?to=b@example.com&timeout=50")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("next status %d", resp.StatusCode)
	}
}
