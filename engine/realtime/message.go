package realtime

import (
	"bytes"
	"io"
	"strings"
)

// Message is one event sent to a client: Name is the SSE event name (the
// subscribed topic for record events) and Data its payload, usually JSON.
type Message struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

// AppendSSE appends the message in the text/event-stream format to buf.
// A payload with line breaks becomes several data: lines, which the
// EventSource joins back with "\n" (one data: line would end the field).
func (m Message) AppendSSE(buf []byte, eventId string) []byte {
	buf = append(buf, "id:"...)
	buf = append(buf, oneLine(eventId)...)
	buf = append(buf, "\nevent:"...)
	buf = append(buf, oneLine(m.Name)...)
	data := m.Data
	for {
		buf = append(buf, "\ndata:"...)
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			buf = append(buf, data...)
			break
		}
		buf = append(buf, data[:i]...)
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return append(buf, "\n\n"...)
}

// WriteSSE writes the message as one server-sent event with the given id.
func (m Message) WriteSSE(w io.Writer, eventId string) error {
	_, err := w.Write(m.AppendSSE(make([]byte, 0, len(m.Name)+len(m.Data)+len(eventId)+24), eventId))
	return err
}

// oneLine drops line breaks from an id or event name: they would end the
// SSE field early and let the rest be read as another field.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", "", "\n", "").Replace(s)
}
