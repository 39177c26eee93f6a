package main

import (
	"crypto/rand"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"tailor/work"
	"time"
)

// config is everything Tailor reads from the environment. The README lists
// each variable with its default.
type config struct {
	Addr                 string
	DatabaseURL          string
	DataDir              string
	BaseURL              string
	CookieSecure         bool
	SessionSecret        []byte // 64 bytes
	EncryptionKey        string // 32 bytes as 64 hex characters
	AdminEmail           string
	AdminPassword        string
	AllowPrivateNetworks bool
	MaxUploadBytes       int64
	LogLevel             slog.Level
	Workers              int
	WorkTimeout          time.Duration
	// PerUser caps how many jobs one person runs at once, by plan.
	PerUser map[string]int
	// SMTPURL, when set, lets Tailor email reset links and account notices.
	SMTPURL string
}

func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		Addr:          or(getenv("ADDR"), ":8080"),
		DatabaseURL:   getenv("DATABASE_URL"),
		DataDir:       or(getenv("DATA_DIR"), "./data"),
		BaseURL:       strings.TrimRight(or(getenv("BASE_URL"), "http://localhost:8080"), "/"),
		AdminEmail:    getenv("ADMIN_EMAIL"),
		AdminPassword: getenv("ADMIN_PASSWORD"),
		EncryptionKey: getenv("ENCRYPTION_KEY"),
		SMTPURL:       getenv("SMTP_URL"),
	}
	var err error
	if c.CookieSecure, err = boolEnv(getenv, "COOKIE_SECURE", strings.HasPrefix(c.BaseURL, "https://")); err != nil {
		return c, err
	}
	if c.AllowPrivateNetworks, err = boolEnv(getenv, "FETCH_ALLOW_PRIVATE_NETWORKS", false); err != nil {
		return c, err
	}
	c.MaxUploadBytes = 10 << 20
	if s := getenv("MAX_UPLOAD_BYTES"); s != "" {
		if c.MaxUploadBytes, err = strconv.ParseInt(s, 10, 64); err != nil || c.MaxUploadBytes < 1024 {
			return c, fmt.Errorf("MAX_UPLOAD_BYTES must be a number of bytes of at least 1024, got %q", s)
		}
	}
	c.Workers = 10
	if s := getenv("WORKERS"); s != "" {
		if c.Workers, err = strconv.Atoi(s); err != nil || c.Workers < 1 {
			return c, fmt.Errorf("WORKERS must be a positive number, got %q", s)
		}
	}
	c.WorkTimeout = 3 * time.Minute
	if s := getenv("WORK_TIMEOUT"); s != "" {
		if c.WorkTimeout, err = time.ParseDuration(s); err != nil || c.WorkTimeout < time.Second {
			return c, fmt.Errorf("WORK_TIMEOUT must be a duration such as 3m or 90s, got %q", s)
		}
	}
	if c.PerUser, err = perUserEnv(getenv("WORK_PER_USER")); err != nil {
		return c, err
	}
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv("LOG_LEVEL"), "info"))); err != nil {
		return c, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, got %q", getenv("LOG_LEVEL"))
	}
	if (c.AdminEmail == "") != (c.AdminPassword == "") {
		return c, errors.New("set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither")
	}
	if c.AdminPassword != "" && len(c.AdminPassword) < 8 {
		return c, errors.New("ADMIN_PASSWORD must be at least 8 characters")
	}
	secret, err := secretEnv(getenv, "SESSION_SECRET", c.DataDir, "session_secret", 64)
	if err != nil {
		return c, err
	}
	c.SessionSecret = secret
	if c.EncryptionKey == "" {
		k, err := secretEnv(getenv, "ENCRYPTION_KEY", c.DataDir, "encryption_key", 32)
		if err != nil {
			return c, err
		}
		c.EncryptionKey = hex.EncodeToString(k)
	}
	return c, nil
}

// secretEnv returns n secret bytes from the variable name (hex), or from
// DATA_DIR/file, creating that file once with 0600 permissions.
func secretEnv(getenv func(string) string, name, dir, file string, n int) ([]byte, error) {
	if s := getenv(name); s != "" {
		b, err := hex.DecodeString(s)
		if err == nil && len(b) >= n {
			return b[:n], nil
		}
		if len(s) >= n && name == "SESSION_SECRET" { // a long passphrase is fine too
			return stretch(s, n), nil
		}
		return nil, fmt.Errorf("%s must be %d bytes as %d hex characters (try: openssl rand -hex %d)", name, n, 2*n, n)
	}
	path := filepath.Join(dir, file)
	if b, err := os.ReadFile(path); err == nil {
		k, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(k) < n {
			return nil, fmt.Errorf("%s is damaged: delete it to make a new one, or set %s", path, name)
		}
		return k[:n], nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	k := make([]byte, n)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(k)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("keep %s: %w", name, err)
	}
	return k, nil
}

// stretch derives n (at most 64) bytes from a passphrase.
func stretch(s string, n int) []byte {
	sum := sha512.Sum512([]byte("tailor-session:" + s))
	return sum[:n]
}

func boolEnv(getenv func(string) string, name string, def bool) (bool, error) {
	s := getenv(name)
	if s == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("%s must be true or false, got %q", name, s)
	}
	return b, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// perUserEnv reads WORK_PER_USER: one number for every plan ("3"), or
// plan=number pairs over the default of 2 ("FREEMIUM=1,PRO_MONTHLY=4").
func perUserEnv(s string) (map[string]int, error) {
	out := maps.Clone(work.DefaultPerUser)
	s = strings.TrimSpace(s)
	if s == "" {
		return out, nil
	}
	bad := fmt.Errorf("WORK_PER_USER must be a number such as 2, or plan=number pairs such as FREEMIUM=1,PRO_MONTHLY=4 (plans: %s), got %q",
		strings.Join(slices.Sorted(maps.Keys(out)), ", "), s)
	if n, err := strconv.Atoi(s); err == nil {
		if n < 1 {
			return nil, bad
		}
		for p := range out {
			out[p] = n
		}
		return out, nil
	}
	for _, pair := range strings.Split(s, ",") {
		plan, num, ok := strings.Cut(strings.TrimSpace(pair), "=")
		plan = strings.ToUpper(strings.TrimSpace(plan))
		n, err := strconv.Atoi(strings.TrimSpace(num))
		if _, known := out[plan]; !ok || !known || err != nil || n < 1 {
			return nil, bad
		}
		out[plan] = n
	}
	return out, nil
}
