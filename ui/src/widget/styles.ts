// The widget's look, inside its shadow root so that the shop's CSS and the
// widget's never meet. A shop themes it through CSS custom properties set on
// the element or any ancestor (they inherit into the shadow root):
//
//	--shelf-font          the font (default: the page's)
//	--shelf-text          names and prices (default #1f2937: 14.7:1 on white)
//	--shelf-muted         brands (default #4b5563: 7.6:1 on white)
//	--shelf-accent        hover and the focus ring (default #1d4ed8: 6.7:1 on white)
//	--shelf-radius        corners of pictures and the focus ring (default 8px)
//	--shelf-gap           space between cards (default 16px)
//	--shelf-card-width    a card's width in the scrolling row, its least in the grid (default 160px)
//	--shelf-heading-size  the heading's size (default 1.25rem)
//	--shelf-image-ratio   a picture's width over its height (default 1)
//	--shelf-image-fit     cover or contain (default cover)
//
// Narrower than 640 px (the element's own width, not the screen's: a sidebar
// is narrow too) the cards are one row that scrolls sideways and snaps to a
// card; wider, they are a grid.

/** CSS is the widget's stylesheet. */
export const CSS = `
:host{display:block;container-type:inline-size;min-width:0;font-family:var(--shelf-font,inherit);color:var(--shelf-text,#1f2937);line-height:1.4}
:host([data-shelf-state=error]),:host([data-shelf-state=empty]){display:none!important}
h2{margin:0;padding:0 4px;font-size:var(--shelf-heading-size,1.25rem);font-weight:700;line-height:1.25}
ul{display:flex;gap:var(--shelf-gap,16px);margin:0;padding:12px 4px 8px;list-style:none;overflow-x:auto;overscroll-behavior-x:contain;scrollbar-width:thin;scroll-snap-type:x mandatory;scroll-padding-inline:4px}
li{position:relative;flex:0 0 var(--shelf-card-width,160px);min-width:0;display:flex;flex-direction:column;gap:4px;scroll-snap-align:start}
@container (min-width:640px){ul{display:grid;grid-template-columns:repeat(auto-fill,minmax(var(--shelf-card-width,160px),1fr));overflow:visible;scroll-snap-type:none}}
.media{display:block;margin-bottom:4px;aspect-ratio:var(--shelf-image-ratio,1);border-radius:var(--shelf-radius,8px);overflow:hidden;background:#f3f4f6}
img{display:block;width:100%;height:100%;object-fit:var(--shelf-image-fit,cover)}
.brand{font-size:.8125rem;color:var(--shelf-muted,#4b5563)}
.name{font-weight:600;color:inherit;text-decoration:none;overflow-wrap:anywhere;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden}
a.name::after{content:"";position:absolute;inset:0;border-radius:var(--shelf-radius,8px)}
li:hover a.name{color:var(--shelf-accent,#1d4ed8);text-decoration:underline}
a.name:focus{outline:none}
a.name:focus-visible::after{outline:3px solid var(--shelf-accent,#1d4ed8);outline-offset:1px}
.price{margin:0;font-weight:600}
@media (forced-colors:active){a.name:focus-visible::after{outline-color:Highlight}}
`;
