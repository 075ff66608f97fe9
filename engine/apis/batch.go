package apis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// DefaultBatchMaxBodySize is the batch body limit when settings.batch
// sets none.
const DefaultBatchMaxBodySize int64 = 128 << 20

// maxBatchURLLength bounds a sub-request URL, as PocketBase does.
const maxBatchURLLength = 2000

// batchFileKey matches the multipart file keys "requests.N.field" and
// "requests[N].field".
var batchFileKey = regexp.MustCompile(`^requests(?:\.(\d+)|\[(\d+)\])\.(.+)$`)

func bindBatchApi(r *Router) {
	d := newBatchDispatcher(r)
	r.Use(batchInternalMiddleware())
	r.POST("/api/batch", d.handle)
}

// batchResponse is one item of a successful batch answer.
type batchResponse struct {
	Status int `json:"status"`
	Body   any `json:"body"`
}

// batchFailure aborts the batch transaction at one sub-request.
type batchFailure struct {
	index    int
	response any
}

func (f *batchFailure) Error() string { return fmt.Sprintf("batch request %d failed", f.index) }

func (d *batchDispatcher) handle(e *core.RequestEvent) error {
	cfg := e.App.Settings().Batch
	if !cfg.Enabled {
		return router.NewForbiddenError("Batch requests are not allowed.", nil)
	}
	maxBody := cfg.MaxBodySize
	if maxBody <= 0 {
		maxBody = DefaultBatchMaxBodySize
	}
	var requests []*core.InternalRequest
	var files map[int][]batchFile
	err := limitBody(e.Request, e.Response, maxBody, func() (err error) {
		requests, files, err = readBatchBody(e)
		return err
	})
	if err != nil {
		return err
	}
	if err := validateBatchRequests(requests, cfg.MaxRequests); err != nil {
		return err
	}

	timeout := time.Duration(cfg.Timeout) * time.Second
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	event := &core.BatchRequestEvent{RequestEvent: *e, Batch: requests}
	return e.App.OnBatchRequest().Trigger(event, func(ev *core.BatchRequestEvent) error {
		ctx, cancel := context.WithTimeout(ev.Request.Context(), timeout)
		defer cancel()

		responses := make([]batchResponse, 0, len(ev.Batch))
		err := ev.App.RunInTransaction(func(txApp *core.App) error {
			for i, ir := range ev.Batch {
				if ctx.Err() != nil {
					return &batchFailure{index: i, response: router.NewBadRequestError("Batch transaction timeout.", nil)}
				}
				if !resolveBatchAction(txApp, ir) {
					return &batchFailure{index: i, response: router.NewBadRequestError("", nil)}
				}
				status, body := d.dispatch(ctx, txApp, &ev.RequestEvent, ir, files[i])
				if status >= 400 || status == 0 {
					return &batchFailure{index: i, response: body}
				}
				responses = append(responses, batchResponse{Status: status, Body: body})
			}
			if ctx.Err() != nil {
				return &batchFailure{index: len(ev.Batch) - 1, response: router.NewBadRequestError("Batch transaction timeout.", nil)}
			}
			return nil
		})
		var failure *batchFailure
		if errors.As(err, &failure) {
			return router.NewBadRequestError("Batch transaction failed.", map[string]any{
				"requests": map[string]any{
					strconv.Itoa(failure.index): map[string]any{
						"code":     "batch_request_failed",
						"message":  "Batch request failed.",
						"response": failure.response,
					},
				},
			})
		}
		if err != nil {
			return err
		}
		return ev.JSON(http.StatusOK, responses)
	})
}

// readBatchBody reads {requests: [...]} from JSON, or from the multipart
// "@jsonPayload" with files under "requests.N.field".
func readBatchBody(e *core.RequestEvent) ([]*core.InternalRequest, map[int][]batchFile, error) {
	var body struct {
		Requests []*core.InternalRequest `json:"requests"`
	}
	files := map[int][]batchFile{}
	ct := e.Request.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "multipart/form-data") {
		if err := e.Request.ParseMultipartForm(router.DefaultMaxMemory); err != nil {
			return nil, nil, router.NewBadRequestError("Failed to load the submitted data due to invalid formatting.", nil)
		}
		form := e.Request.MultipartForm
		for _, raw := range form.Value["@jsonPayload"] {
			if err := json.Unmarshal([]byte(raw), &body); err != nil {
				return nil, nil, router.NewBadRequestError("Failed to load the submitted data due to invalid formatting.", nil)
			}
		}
		for key, headers := range form.File {
			m := batchFileKey.FindStringSubmatch(key)
			if m == nil {
				continue
			}
			idx, _ := strconv.Atoi(m[1] + m[2])
			for _, h := range headers {
				files[idx] = append(files[idx], batchFile{field: m[3], header: h})
			}
		}
	} else if err := e.BindBody(&body); err != nil {
		return nil, nil, err
	}
	return body.Requests, files, nil
}

func validateBatchRequests(requests []*core.InternalRequest, maxRequests int) error {
	if len(requests) == 0 {
		return router.NewBadRequestError(msgValidationFailed, validation.Errors{"requests": validation.Required()})
	}
	if maxRequests > 0 && len(requests) > maxRequests {
		return router.NewBadRequestError(msgValidationFailed, validation.Errors{
			"requests": validation.NewError("validation_length_too_long", "The length must be no more than "+strconv.Itoa(maxRequests)+".").
				SetParams(map[string]any{"max": maxRequests}),
		})
	}
	items := validation.Errors{}
	for i, ir := range requests {
		item := validation.Errors{}
		if ir == nil {
			items[strconv.Itoa(i)] = validation.Required()
			continue
		}
		ir.Method = strings.ToUpper(ir.Method)
		// GET passes (as in PocketBase) and fails the batch when reached
		switch ir.Method {
		case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		case "":
			item["method"] = validation.Required()
		default:
			item["method"] = validation.NewError("validation_in_invalid", "Must be a valid value.")
		}
		if ir.URL == "" {
			item["url"] = validation.Required()
		} else if len(ir.URL) > maxBatchURLLength {
			item["url"] = validation.NewError("validation_length_too_long", "The length must be no more than "+strconv.Itoa(maxBatchURLLength)+".").
				SetParams(map[string]any{"max": maxBatchURLLength})
		}
		items[strconv.Itoa(i)] = item
	}
	return validationFailed(validation.Errors{"requests": items})
}
