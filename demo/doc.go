// Package demo generates a deterministic, believable demo shop: products,
// users and their interactions, with hidden tastes planted so that learned
// recommenders have something to find that plain popularity misses.
//
// # What is generated
//
// Products belong to up to MaxCategories built-in categories (Electronics,
// Books, Home & Kitchen, ...), each made of a few product lines whose words
// combine plausibly: "Noise-Cancelling Sonara Headphones", "Organic Green
// Tea, 250 g". Names are unique: a repeat gets a variant ("(Navy)"), and
// only when every variant is taken a " #n" suffix (about 2.5% of names at
// 20,000 products, none at 1,000). Descriptions are one to three sentences
// naming the line's features. Prices are log-normal around a per-line
// median (category median times a line factor) and end in
// .99, .49 or .00. Products are created over the last year (longer when Days
// is large), 5% in the last week; product IDs follow creation time. Users get
// handles such as "ana.silva42" and an address at a reserved example domain;
// they have no password, so demo users cannot log in. User IDs follow
// JoinedAt; a fifth of the users join inside the event window.
//
// Each product also has what a shop page shows: a brand (the maker word
// when it is one, "Sonara", else one of the category's brands), 2 to 5
// lower-case tags (what it is, "headphones" for earbuds too; its line's
// tag such as "audio"; its adjective; sometimes a use; "new" in its first
// week; "sale" for a tenth), attributes for the variant, size and material
// its name carries, and a stock count: 15% untracked (nil), 7% of all out
// of stock, the rest 1 to 60 and mostly small. One product in a hundred is
// inactive. ImageURL is ImagePath(ID), where shelf serves ProductImage, a
// small SVG of the category's motif on colours drawn from the name, so the
// demo shows pictures without a network; URL is ProductPath(ID), the
// product's page in the embedded storefront. These extras come from a
// random stream of their own, drawn after the catalog, so that they leave
// every other field and every event as they were without them.
//
// Interactions are sorted by time, IDs in that order, all in [Now-Days, Now)
// and never before the user joined or the product was created. Every event
// has a user and a SessionID "s-<user>-<n>", n counting the user's sessions
// in time order. A session visits one or more products; each visit is a
// heavy-tailed run of views of the product (Pareto, alpha 1.6, at most 200:
// usually one, sometimes dozens), then maybe a like, a cart and a purchase
// (usually after a cart); 30% of visits return to a product of one of the
// user's earlier sessions. As in a real shop's log this gives about 94-95%
// views, 1-2% likes, 2-3% carts and 1.5% purchases, some 6 events per
// (user, product) pair. About a third of purchases carry a 1-5 star rating. Timestamps have millisecond precision
// and are in UTC; session starts favour daytime and evening hours (UTC).
//
// # How the tastes are planted
//
//   - Category affinity: each user's taste is concentrated on one to three
//     categories (a Dirichlet(1) over categories drawn by catalog share),
//     with 8% spread over all. A session picks a focus category by affinity;
//     15% of its visits stray to another category drawn the same way.
//   - Popularity: within a category, products have Zipf-like weights
//     (exponent 0.8) over a random ranking, independent of their quality.
//   - Latent factors: users and products carry 8 latent factors; the dot
//     product has about unit variance.
//   - Price band: each user prefers a price level, in standard deviations of
//     the log-price of the product's line; distance from it lowers
//     preference.
//
// Within the chosen category, a visit draws 12 candidates by popularity and
// picks one by a softmax over 1.5*latent - 0.6*priceDistance²/2; this
// approximates a softmax over popularity + latent + price fit across the
// category without O(users × products) work. A session does not revisit a
// product in another visit unless its category has nothing else on sale
// (tiny catalogs). Heavy-tailed activity comes from log-normal user weights
// (sigma 1.3, capped at 2.5 sigma) that split Interactions exactly; half of
// the users bounce (a hundredth of the weight), so many users have one or
// two events or none.
//
// # Records
//
// The records are plain structs of this package (Product, User,
// Interaction, with EventType numbered as the store's and the model's
// types): demo imports only the standard library, so that tests of the
// pure model packages can generate a shop without reaching the store.
// Package store/seed converts a Shop into a store import batch and loads
// it.
//
// # Caveats
//
// Output is deterministic for a given Go release: math/rand/v2's PCG and its
// NormFloat64/ExpFloat64 are part of the contract only as far as the Go
// project keeps them stable. Generation is single-threaded so that it is
// reproducible; 1,000,000 events take a few seconds. Generate holds every
// event in memory (some 80 bytes each); Stream hands out the same shop in
// batches and holds about a million events at a time, spilling the rest
// to a temporary file, for shops of tens of millions of events.
package demo
