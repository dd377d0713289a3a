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

// Products carry no pictures, so a tile with an icon guessed from the
// category stands in; unknown categories get a plain parcel.
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

/** ProductThumb is the picture stand-in of a product. */
export function ProductThumb({ category, className = "" }: { category: string; className?: string }) {
  const Icon = categoryIcon(category);
  return (
    <div
      aria-hidden
      className={`flex items-center justify-center rounded-xl bg-gradient-to-br from-stone-100 to-stone-200 text-stone-500 ${className}`}
    >
      <Icon className="size-1/3 max-h-16 max-w-16" strokeWidth={1.5} />
    </div>
  );
}
