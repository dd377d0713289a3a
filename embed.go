package main

import (
	"embed"
	"io/fs"
)

// uiDist is the built React app, committed under ui/dist so that go build
// and go install need no Node.
//
//go:embed all:ui/dist
var uiDist embed.FS

// uiFS returns the app with index.html at its root.
func uiFS() fs.FS {
	sub, err := fs.Sub(uiDist, "ui/dist")
	if err != nil {
		panic(err) // the path is a constant: this cannot fail at run time
	}
	return sub
}
