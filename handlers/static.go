package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"

	"github.com/gofiber/fiber/v2"
)

// assets serves embedded files under content-hashed URLs
// (/static/{hash}/{name}) with a one-year cache lifetime: a changed file
// gets a new URL, so browsers never keep a stale copy.
type assets struct {
	files map[string][]byte // name -> content
	hash  map[string]string // name -> short content hash
}

func newAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: map[string][]byte{}, hash: map[string]string{}}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		a.files[e.Name()] = b
		a.hash[e.Name()] = hex.EncodeToString(sum[:6])
	}
	return a, nil
}

// URL returns the hashed URL of a file.
func (a *assets) URL(name string) string {
	return "/static/" + a.hash[name] + "/" + name
}

func (a *assets) serve(c *fiber.Ctx) error {
	name := c.Params("name")
	b, ok := a.files[name]
	if !ok || c.Params("hash") != a.hash[name] {
		return fiber.ErrNotFound
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Set(fiber.HeaderContentType, ct)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(b)
}
