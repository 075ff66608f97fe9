package mailer

import "testing"

func TestHTMLToText(t *testing.T) {
	got, err := htmlToText(`<!DOCTYPE html><html><head><title>x</title><style>p { margin: 0 }</style></head><body><p>Hello,</p><p>Click <strong>below</strong>:</p>
<p><a class="btn" href="http://x.test/confirm/abc.def">Verify</a> <a href="http://x.test/empty"></a></p>
<ul><li>one</li><li>two &amp; three</li></ul><p>Thanks,<br/>Team</p><img src="x.png"/></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	want := "Hello,\r\nClick below:\r\n[Verify](http://x.test/confirm/abc.def) [LINK](http://x.test/empty)\r\n- one\r\n- two & three\r\nThanks,\r\nTeam"
	if got != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}
