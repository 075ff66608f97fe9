// Package store is a concurrency-safe generic key/value map, used for app
// level caches and for $app.store() shared between JS runtimes.
package store

import "sync"

// Store is a map guarded by a RWMutex. The zero value is ready to use.
type Store[K comparable, T any] struct {
	mu   sync.RWMutex
	data map[K]T
}

// New returns a Store holding a copy of data (so later changes to the
// caller's map do not race with the store).
func New[K comparable, T any](data map[K]T) *Store[K, T] {
	s := &Store[K, T]{}
	s.Reset(data)
	return s
}

// Get returns the value under key, or the zero T.
func (s *Store[K, T]) Get(key K) T {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.data[key]
}

// GetOk returns the value under key and whether it was present.
func (s *Store[K, T]) GetOk(key K) (T, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.data[key]
	return v, ok
}

// Has reports whether key is present.
func (s *Store[K, T]) Has(key K) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.data[key]
	return ok
}

// Set stores value under key.
func (s *Store[K, T]) Set(key K, value T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data == nil {
		s.data = make(map[K]T)
	}
	s.data[key] = value
}

// SetIfLessThanLimit stores value only while the store holds fewer than
// limit items (replacing an existing key is always allowed, it does not
// grow the store). It reports whether the value was stored. This bounds
// caches fed by untrusted input (e.g. rate limiter clients).
func (s *Store[K, T]) SetIfLessThanLimit(key K, value T, limit int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data == nil {
		s.data = make(map[K]T)
	}
	if _, exists := s.data[key]; !exists && len(s.data) >= limit {
		return false
	}
	s.data[key] = value
	return true
}

// GetOrSet returns the value under key, calling setFunc and storing its
// result when key is missing. setFunc runs under the write lock, so it is
// called at most once per missing key even with concurrent callers; it
// must not call back into the same store.
func (s *Store[K, T]) GetOrSet(key K, setFunc func() T) T {
	s.mu.RLock()
	v, ok := s.data[key]
	s.mu.RUnlock()
	if ok {
		return v
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.data[key]; ok {
		return v
	}
	if s.data == nil {
		s.data = make(map[K]T)
	}
	v = setFunc()
	s.data[key] = v
	return v
}

// Remove deletes key (no-op when missing).
func (s *Store[K, T]) Remove(key K) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.data, key)
}

// RemoveAll deletes every key.
func (s *Store[K, T]) RemoveAll() {
	s.Reset(nil)
}

// Length returns the number of stored keys.
func (s *Store[K, T]) Length() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.data)
}

// GetAll returns a shallow copy of the stored map.
func (s *Store[K, T]) GetAll() map[K]T {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[K]T, len(s.data))
	for k, v := range s.data {
		out[k] = v
	}
	return out
}

// Values returns the stored values in no particular order.
func (s *Store[K, T]) Values() []T {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]T, 0, len(s.data))
	for _, v := range s.data {
		out = append(out, v)
	}
	return out
}

// Reset replaces the whole content with a copy of data.
func (s *Store[K, T]) Reset(data map[K]T) {
	fresh := make(map[K]T, len(data))
	for k, v := range data {
		fresh[k] = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = fresh
}
