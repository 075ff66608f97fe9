//go:build !linux

package main

// startPoller is Linux only (epoll); elsewhere each stream gets a goroutine.
func (s *subscribers) startPoller() bool { return false }
