package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"tailor/apperr"
	"testing"
)

func testPNG(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImageMIME(t *testing.T) {
	png := testPNG(t)
	for _, c := range []struct {
		img      []byte
		declared string
		want     string
		ok       bool
	}{
		{png, "", "image/png", true},
		{png, "image/jpg", "image/jpeg", true},
		{[]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), "", "image/webp", true},
		{[]byte("%PDF-1.7"), "", "", false},
	} {
		got, err := ImageMIME(c.img, c.declared)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("imageMIME(%q) = %q, %v; want %q", c.declared, got, err, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		err  error
		want Class
	}{
		{nil, ClassNone},
		{context.DeadlineExceeded, ClassRetryable},
		{fmt.Errorf("wrapped: %w", context.Canceled), ClassCanceled},
		{apperr.New(apperr.EUNPROCESSABLE, "x"), ClassContent},
		{&Error{Class: ClassAuth}, ClassAuth},
		{errors.New("?"), ClassFatal},
	} {
		if got := Classify(c.err); got != c.want {
			t.Errorf("Classify(%v) = %q, want %q", c.err, got, c.want)
		}
	}
	for _, c := range []struct {
		code int
		want Class
	}{{400, ClassFatal}, {401, ClassAuth}, {403, ClassAuth}, {404, ClassFatal}, {408, ClassRetryable}, {429, ClassRetryable}, {500, ClassRetryable}, {529, ClassRetryable}} {
		if got := ClassifyStatus(c.code); got != c.want {
			t.Errorf("classifyStatus(%d) = %q, want %q", c.code, got, c.want)
		}
	}
}
