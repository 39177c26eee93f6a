package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"tailor/domain"
	"tailor/models"
	"tailor/secret"
)

func TestRotateKeyReencryptsStoredKeys(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"DATA_DIR": dir}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	if err := run(ctx, []string{"tailor", "migrate"}, getenv, io.Discard); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, keyFile))
	db, err := models.Open(ctx, models.OpenOptions{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cipher, err := newCipher(cfg, getenv)
	if err != nil {
		t.Fatal(err)
	}
	key := "sk-rotate-me-1234567890"
	saved, err := db.SaveProviderConfig(ctx, 0, models.ProviderInput{Name: "OpenAI", ProviderType: domain.ProviderOpenAI, APIKey: &key}, cipher)
	if err != nil {
		t.Fatal(err)
	}

	if err := run(ctx, []string{"tailor", "rotate-key"}, getenv, io.Discard); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, keyFile))
	if string(after) == string(before) {
		t.Fatal("rotate-key left the key file unchanged")
	}
	got, _ := db.ProviderConfig(ctx, saved.ID)
	if got.APIKeyEncrypted == saved.APIKeyEncrypted {
		t.Fatal("stored key was not re-encrypted")
	}
	newKey, _ := secret.ParseKey(string(trimSpace(after)))
	onlyNew, _ := secret.NewCipher(newKey)
	plain, err := onlyNew.Decrypt(got.APIKeyEncrypted, secret.ConfigAAD(got.ID))
	if err != nil || plain != key {
		t.Fatalf("new key does not decrypt the rotated key: %q, %v", plain, err)
	}

	env["ENCRYPTION_KEY"] = string(trimSpace(after))
	if err := run(ctx, []string{"tailor", "rotate-key"}, getenv, io.Discard); err == nil {
		t.Fatal("rotate-key with ENCRYPTION_KEY from the environment and no NEW_ENCRYPTION_KEY succeeded")
	}
}
