package mailcapture

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Handler serves the inbox to tests in other processes:
//
//	GET    /messages[?to=addr]          every captured message (to addr)
//	GET    /next?to=addr[&timeout=ms]   the next unread message, waiting up to
//	                                    timeout (default 10s); 404 when none came
//	DELETE /messages                    forget everything
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /messages", func(w http.ResponseWriter, r *http.Request) {
		list := s.Messages()
		if to := r.URL.Query().Get("to"); to != "" {
			list = s.To(to)
		}
		if list == nil {
			list = []*Message{}
		}
		writeJSON(w, http.StatusOK, list)
	})
	mux.HandleFunc("DELETE /messages", func(w http.ResponseWriter, r *http.Request) {
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /next", func(w http.ResponseWriter, r *http.Request) {
		timeout := 10 * time.Second
		if ms, err := strconv.Atoi(r.URL.Query().Get("timeout")); err == nil && ms >= 0 {
			timeout = time.Duration(ms) * time.Millisecond
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		m, err := s.Next(ctx, r.URL.Query().Get("to"))
		if err != nil {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, m)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
