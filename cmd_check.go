package main

import (
	"fmt"
	"io"

	"shelf/store"
)

// runCheck is shelf check: it undoes an import that did not finish and
// verifies the file's consistency.
func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	db := fs.String("db", "shelf.db", "database file (the server must be stopped)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(*db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if st.UndidImport() {
		fmt.Fprintf(stdout, "%s: an import that did not finish was undone\n", *db)
	}
	if err := st.Check(); err != nil {
		return fmt.Errorf("%s is damaged: %w", *db, err)
	}
	c, err := st.Counts()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is consistent: %d products, %d users, %d interactions\n", *db, c.Products, c.Users, c.Interactions)
	return nil
}
