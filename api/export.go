package api

import (
	"io"

	"shelf/store"
	"shelf/store/dataio"
)

// Export writes every record of a kind (products, users or interactions)
// from the store to w in the given format, one record at a time, in the
// layout that import reads back.
func Export(st *store.Store, kind string, f dataio.Format, w io.Writer) error {
	switch kind {
	case "products":
		pw := dataio.NewProductWriter(w, f)
		if err := st.ForEachProduct(pw.Write); err != nil {
			return err
		}
		return pw.Flush()
	case "users":
		uw := dataio.NewUserWriter(w, f)
		if err := st.ForEachUser(uw.Write); err != nil {
			return err
		}
		return uw.Flush()
	default:
		ew := dataio.NewEventWriter(w, f)
		if err := st.ForEachInteraction(func(it *store.Interaction) error { return ew.Write(*it) }); err != nil {
			return err
		}
		return ew.Flush()
	}
}
