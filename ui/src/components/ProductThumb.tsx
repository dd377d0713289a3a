import { useState } from "react";
import {
  Armchair,
  BookOpen,
  Dumbbell,
  Gamepad2,
  Headphones,
  Home,
  Laptop,
  Package,
  Shirt,
  Smartphone,
  Sparkles,
  Utensils,
  Music,
  Film,
  Baby,
  Car,
  Flower2,
  type LucideIcon,
} from "lucide-react";

// A product without a picture gets a tile with an icon guessed from the
// category; unknown categories get a plain parcel.
const ICONS: [RegExp, LucideIcon][] = [
  [/book/i, BookOpen],
  [/electr|computer|laptop/i, Laptop],
  [/phone|mobile/i, Smartphone],
  [/audio|headphone/i, Headphones],
  [/cloth|fashion|apparel|shoe/i, Shirt],
  [/sport|fitness|outdoor/i, Dumbbell],
  [/game|toy/i, Gamepad2],
  [/home|garden/i, Home],
  [/furniture/i, Armchair],
  [/kitchen|food|grocer/i, Utensils],
  [/beauty|health|cosmetic/i, Sparkles],
  [/music/i, Music],
  [/movie|film|video/i, Film],
  [/baby|kid/i, Baby],
  [/auto|car/i, Car],
  [/plant|flower/i, Flower2],
];

/** categoryIcon picks the icon shown for a category. */
export function categoryIcon(category: string): LucideIcon {
  return ICONS.find(([re]) => re.test(category))?.[1] ?? Package;
}

/**
 * ProductThumb is a product's picture: its image_url when it has one, or a
 * tile with an icon for its category (also when the picture fails to load).
 * The picture is decorative: the product's name is always next to it.
 */
export function ProductThumb({
  category,
  imageUrl,
  className = "",
}: {
  category: string;
  imageUrl?: string;
  className?: string;
}) {
  const [failed, setFailed] = useState(false);
  const Icon = categoryIcon(category);
  if (imageUrl && !failed)
    return (
      <img
        src={imageUrl}
        alt=""
        loading="lazy"
        decoding="async"
        onError={() => setFailed(true)}
        className={`rounded-xl bg-stone-100 object-cover ${className}`}
      />
    );
  return (
    <div
      aria-hidden
      className={`flex items-center justify-center rounded-xl bg-gradient-to-br from-stone-100 to-stone-200 text-stone-500 ${className}`}
    >
      <Icon className="size-1/3 max-h-16 max-w-16" strokeWidth={1.5} />
    </div>
  );
}
