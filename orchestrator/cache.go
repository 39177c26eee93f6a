package orchestrator

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"tailor/billing"
)

// Cache keeps answers so the same request is not paid for twice. It stores
// bytes (the orchestrator encodes each Response as JSON), so a store needs
// no orchestrator types: models.Cache keeps them in the database. Get and
// Put must not fail loudly: a broken cache makes calls slower, never wrong,
// so implementations log their errors and report a miss.
type Cache interface {
	Get(ctx context.Context, key string) ([]byte, bool)
	Put(ctx context.Context, key string, value []byte, ttl time.Duration)
}

// cacheGet reads the answer under key; an entry that does not decode is a miss.
func (o *Orchestrator) cacheGet(ctx context.Context, key string) (Response, bool) {
	b, ok := o.cache.Get(ctx, key)
	if !ok {
		return Response{}, false
	}
	var r Response
	if err := json.Unmarshal(b, &r); err != nil {
		return Response{}, false
	}
	return r, true
}

// cachePut stores an answer under key for the cache TTL.
func (o *Orchestrator) cachePut(ctx context.Context, key string, r Response) {
	b, err := json.Marshal(r)
	if err != nil {
		return
	}
	o.cache.Put(ctx, key, b, o.cacheTTL)
}

// CacheScope says who may share a cached answer.
type CacheScope string

const (
	// CacheUser (the zero value) shares an answer only with the same user:
	// right for anything built from a person's profile.
	CacheUser CacheScope = ""
	// CacheShared shares an answer across users: right for the extraction
	// of a public job posting, where the input holds nothing personal.
	CacheShared CacheScope = "shared"
	// CacheNone never reads nor writes the cache.
	CacheNone CacheScope = "none"
)

// CacheKey hashes its parts into a hex key. Each part is length-prefixed, so
// ("ab","c") and ("a","bc") differ. Domain code uses it to build
// Request.CacheKey from, say, a prompt version and a normalized URL.
func CacheKey(parts ...string) string {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// HashBytes is the hex SHA-256 of b, for putting an image into a CacheKey.
func HashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// requestCacheKey is the key Generate uses for req at tier. The scope and,
// for CacheUser, the user id are always part of it, as are the task and the
// tier (two tiers are two models, two answers). The input part is
// req.CacheKey when the domain code gave one (it knows what makes two inputs
// the same: a normalized URL, a prompt version) and otherwise a hash of
// everything a model reads: system, prompt, schema and image.
func requestCacheKey(req Request, tier billing.Tier) string {
	who := "shared"
	if req.CacheScope != CacheShared {
		who = "user:" + strconv.FormatUint(uint64(req.UserID), 10)
	}
	input := req.CacheKey
	if input == "" {
		schema, _ := json.Marshal(req.Schema) // map keys marshal sorted
		input = CacheKey("auto", req.System, req.Prompt, string(schema), req.ImageMIME, HashBytes(req.Image))
	} else {
		input = "domain:" + input
	}
	return CacheKey("tailor-cache-v1", who, string(req.Task), string(tier), input)
}
