package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/pdf"
	"cpopath/app/store"
)

// roadmaps renders plan PDFs. Rendering is CPU- and memory-heavy (the
// fonts are parsed for every document, some 18 MB allocated each), so one
// document renders at a time, and a finished PDF is kept until its plan
// changes. Two at a time on two cores served a burst of 30 people no
// faster but raised the server's peak memory from 85 to 104 MB. The zero
// value is ready: the renderer is built on first use.
type roadmaps struct {
	once  sync.Once
	r     *pdf.Renderer
	sem   chan struct{}
	mu    sync.Mutex
	cache map[string][]byte
	order []string // keys, oldest first, for eviction
	size  int      // bytes held
}

// Limits of the PDF cache and of waiting for a render slot.
const (
	pdfCacheEntries = 64
	// The cache is live memory, held for as long as the server runs, in a
	// server meant to stay under 100 MB, and the collector lets the heap
	// grow in proportion to it: 3 MB keeps some fifteen roadmaps, for the
	// people who download again straight after a change.
	pdfCacheBytes = 3 << 20
	pdfWait       = 20 * time.Second
)

func (h *handler) roadmap() *roadmaps {
	rm := &h.roadmaps
	rm.once.Do(func() {
		rm.r = pdf.New(h.c, h.as)
		rm.sem = make(chan struct{}, 1)
		rm.cache = map[string][]byte{}
	})
	return rm
}

func (rm *roadmaps) get(key string) []byte {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	return rm.cache[key]
}

func (rm *roadmaps) put(key string, b []byte) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	if _, ok := rm.cache[key]; ok {
		return
	}
	rm.cache[key] = b
	rm.order = append(rm.order, key)
	rm.size += len(b)
	for len(rm.order) > pdfCacheEntries || (rm.size > pdfCacheBytes && len(rm.order) > 1) {
		old := rm.order[0]
		rm.order = rm.order[1:]
		rm.size -= len(rm.cache[old])
		delete(rm.cache, old)
	}
}

// render returns the PDF of d, from the cache when key is there, waiting
// for a free render slot otherwise.
func (rm *roadmaps) render(ctx context.Context, key string, d pdf.Doc) ([]byte, error) {
	if b := rm.get(key); b != nil {
		return b, nil
	}
	ctx, cancel := context.WithTimeout(ctx, pdfWait)
	defer cancel()
	select {
	case rm.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, newError(fiber.StatusServiceUnavailable, "plan.error.busy")
	}
	defer func() { <-rm.sem }()
	// Another request may have rendered it while this one waited.
	if b := rm.get(key); b != nil {
		return b, nil
	}
	b, err := rm.r.Render(d)
	if err != nil {
		return nil, err
	}
	rm.put(key, b)
	return b, nil
}

// planPDFOwn sends the person's plan as a PDF: the latest version, or
// version ?v=n.
func (h *handler) planPDFOwn(c *fiber.Ctx) error {
	u := h.user(c)
	ctx := c.UserContext()
	var p *store.Plan
	var err error
	if v := c.Query("v"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 {
			return errNotFound
		}
		p, err = h.st.PlanVersion(ctx, u.ID, n)
	} else {
		p, err = h.st.LatestPlan(ctx, u.ID)
	}
	if err != nil {
		return err
	}
	return h.sendPlanPDF(c, p)
}

// mentorPlanPDF sends a mentee's latest plan as a PDF to their mentor.
func (h *handler) mentorPlanPDF(c *fiber.Ctx) error {
	menteeID, err := h.planMentee(c)
	if err != nil {
		return err
	}
	p, err := h.st.LatestPlan(c.UserContext(), menteeID)
	if err != nil {
		return err
	}
	return h.sendPlanPDF(c, p)
}

// roadmapKey is the cache key of the PDF of d, owned by owner: the owner,
// the version, the language and a hash of everything the document prints.
// Neither a plan's id nor its time of change will do: ids are reused after
// an account is deleted, and times move by the second, so another person's
// plan, built in the same second, was once served from the cache.
func roadmapKey(owner int64, d pdf.Doc) (string, error) {
	lang := d.L.Lang()
	d.L = nil
	body, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("web: roadmap key: %w", err)
	}
	sum := sha256.Sum256(body)
	return fmt.Sprintf("%d|%d|%s|%s", owner, d.Version, lang, hex.EncodeToString(sum[:])), nil
}

func (h *handler) sendPlanPDF(c *fiber.Ctx, p *store.Plan) error {
	ctx := c.UserContext()
	progress, err := h.st.PlanActions(ctx, p.ID)
	if err != nil {
		return err
	}
	comments, err := h.st.PlanComments(ctx, p.ID)
	if err != nil {
		return err
	}
	l := h.loc(c)
	d := pdf.Doc{
		Plan: p.Body, Version: p.Version, State: p.State, Name: p.OwnerName, L: l,
		Progress: map[string]pdf.Progress{},
		// The document shows the plan as of its last change, which also
		// makes the same plan render to the same bytes.
		Created: p.UpdatedAt,
	}
	if r, err := h.st.LatestRating(ctx, p.UserID); err == nil {
		d.Rating = &pdf.Rating{Mentor: r.MentorName, At: r.CreatedAt, Comments: r.Comments, Overall: r.Overall}
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for _, a := range p.Body.Actions {
		pr := progress[a.ID]
		d.Progress[a.ID] = pdf.Progress{Status: pr.Status, Note: pr.Note, DoneOn: pr.DoneOn}
	}
	for _, cm := range comments {
		d.Comments = append(d.Comments, pdf.Comment{Author: cm.AuthorName, ActionID: cm.ActionID, Body: cm.Body, Decision: cm.Decision, At: cm.CreatedAt})
	}
	key, err := roadmapKey(p.UserID, d)
	if err != nil {
		return err
	}
	b, err := h.roadmap().render(ctx, key, d)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("cpopath-plan-v%d.pdf", p.Version)
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	// The cached bytes are never changed: sent as they are, not copied
	// into a response buffer per request.
	c.Response().SetBodyRaw(b)
	return nil
}
